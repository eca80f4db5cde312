package se.teknikivast.minasidor.auth.customer;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The one HTTP client for customer-service (base URL and the short timeouts a login can afford), shared by the
 * features that call it: login, registration and password setup.
 */
@Component
public final class CustomerServiceHttp {

    private final RestClient client;
    private final ServiceTokens tokens;

    CustomerServiceHttp(RestClient.Builder builder, CustomerServiceProperties properties, ServiceTokens tokens) {
        this.tokens = tokens;
        var settings = HttpClientSettings.defaults()
                .withConnectTimeout(properties.connectTimeout())
                .withReadTimeout(properties.readTimeout());
        this.client = builder.clone()
                .baseUrl(properties.baseUrl().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
                .build();
    }

    public RestClient client() {
        return client;
    }

    /**
     * customer-service's record of one customer ({@code GET /internal/customers/{no}} with auth-service's own token),
     * read as {@code view}: each feature reads the fields it needs. Empty when there is no such customer.
     *
     * @throws CustomerServiceUnavailableException on any other answer, or none
     */
    public <T> Optional<T> customer(String customerNumber, Class<T> view) {
        try {
            return Optional.ofNullable(client.get()
                    .uri("/internal/customers/{customerNumber}", Map.of("customerNumber", customerNumber))
                    .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                    .accept(MediaType.APPLICATION_JSON)
                    .retrieve()
                    .body(view));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw new CustomerServiceUnavailableException("customer-service refused a lookup: " + e.getStatusCode(), e);
        } catch (RestClientException e) {
            throw new CustomerServiceUnavailableException("customer-service lookup failed", e);
        }
    }
}
