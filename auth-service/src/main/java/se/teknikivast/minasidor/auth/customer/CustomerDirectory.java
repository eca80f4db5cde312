package se.teknikivast.minasidor.auth.customer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** customer-service's internal API ({@code docs/service-apis.md}), called with auth-service's own token. */
@Component
public class CustomerDirectory {

    private final RestClient http;
    private final ServiceTokens tokens;

    CustomerDirectory(CustomerServiceHttp customerService, ServiceTokens tokens) {
        this.http = customerService.client();
        this.tokens = tokens;
    }

    record SearchRequest(String identityNumber) {}

    record SearchResult(List<Customer> customers) {}

    public Optional<Customer> find(String customerNumber) {
        try {
            return Optional.ofNullable(http.get()
                    .uri("/internal/customers/{customerNumber}", Map.of("customerNumber", customerNumber))
                    .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                    .accept(MediaType.APPLICATION_JSON)
                    .retrieve()
                    .body(Customer.class));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw new CustomerServiceUnavailableException("customer-service refused a lookup: " + e.getStatusCode(), e);
        } catch (RestClientException e) {
            throw new CustomerServiceUnavailableException("customer-service lookup failed", e);
        }
    }

    /** The customers whose identity number this is (12 digits); identity numbers travel in the body, never the URL. */
    public List<Customer> searchByIdentityNumber(String identityNumber) {
        try {
            var result = http.post()
                    .uri("/internal/customers/search")
                    .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(new SearchRequest(identityNumber))
                    .retrieve()
                    .body(SearchResult.class);
            return result == null || result.customers() == null ? List.of() : result.customers();
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.BAD_REQUEST)) {
                return List.of();
            }
            throw new CustomerServiceUnavailableException("customer-service refused a search: " + e.getStatusCode(), e);
        } catch (RestClientException e) {
            throw new CustomerServiceUnavailableException("customer-service search failed", e);
        }
    }
}
