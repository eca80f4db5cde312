package se.teknikivast.minasidor.auth.customer;

import java.util.List;
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

    private final CustomerServiceHttp customerService;
    private final RestClient http;
    private final ServiceTokens tokens;

    CustomerDirectory(CustomerServiceHttp customerService, ServiceTokens tokens) {
        this.customerService = customerService;
        this.http = customerService.client();
        this.tokens = tokens;
    }

    record SearchRequest(String identityNumber) {}

    record SearchResult(List<Customer> customers) {}

    public Optional<Customer> find(String customerNumber) {
        return customerService.customer(customerNumber, Customer.class);
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
