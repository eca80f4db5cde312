package se.teknikivast.minasidor.gateway.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

class AbsoluteSessionTimeoutFilterTests {

    @Test
    void endsALoginEightHoursAfterItBeganHoweverActive() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/mina-sidor"));
        var session = loggedIn(exchange);

        filterAt(session.getCreationTime().plus(Duration.ofHours(8)))
                .filter(exchange, e -> Mono.empty())
                .block();

        assertThat(session.getAttributes()).isEmpty();
        assertThat(session.isExpired()).isTrue();
    }

    @Test
    void keepsAYoungerLogin() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/mina-sidor"));
        var session = loggedIn(exchange);

        filterAt(session.getCreationTime().plus(Duration.ofHours(7).plusMinutes(59)))
                .filter(exchange, e -> Mono.empty())
                .block();

        assertThat(session.getAttributes()).containsKey("SPRING_SECURITY_CONTEXT");
        assertThat(session.isExpired()).isFalse();
    }

    private static WebSession loggedIn(MockServerWebExchange exchange) {
        var session = exchange.getSession().block();
        session.getAttributes().put("SPRING_SECURITY_CONTEXT", "logged in");
        session.start();
        return session;
    }

    private static AbsoluteSessionTimeoutFilter filterAt(java.time.Instant now) {
        var login = new LoginProperties(
                "client", "secret", List.of("openid"), "issuer", "a", "t", "j", "u", "r", "ES256", Duration.ofHours(8));
        return new AbsoluteSessionTimeoutFilter(login, Clock.fixed(now, ZoneOffset.UTC));
    }
}
