package se.teknikivast.minasidor.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;

class ClientGoneTests {

    final ClientGone handler = new ClientGone();

    @Test
    void a_client_that_hung_up_is_not_answered_with_a_500() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/auth/login"));

        handler.handle(exchange, new AbortedException("Connection has been closed"))
                .block();
        handler.handle(exchange, new IllegalStateException("reading the form", new AbortedException("closed")))
                .block();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void every_other_failure_goes_on_to_the_next_handler() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/auth/login"));
        var failure = new IllegalStateException("something else");

        assertThatThrownBy(() -> handler.handle(exchange, failure).block()).isSameAs(failure);
    }
}
