package se.teknikivast.minasidor.gateway.startpage;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** customer-service as the start page sees it: the logged-in customer's own profile, read with their token. */
@Component
final class CustomerServiceClient {

    private final WebClient client;
    private final ReactiveCircuitBreaker breaker;

    CustomerServiceClient(CustomerServiceProperties properties, ReactiveCircuitBreakerFactory<?, ?> breakers) {
        var http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .responseTimeout(Duration.ofSeconds(3));
        this.client = WebClient.builder()
                .baseUrl(properties.baseUri())
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        // The same breaker as the /api route: when customer-service is down, both know.
        this.breaker = breakers.create("customer-service");
    }

    Mono<CustomerProfile> me(String accessToken) {
        return breaker.run(client.get()
                .uri("/api/customers/me")
                .accept(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setBearerAuth(accessToken))
                .retrieve()
                .bodyToMono(CustomerProfile.class));
    }
}
