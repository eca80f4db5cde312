package se.teknikivast.minasidor.auth.password;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import se.teknikivast.minasidor.auth.customer.CustomerServiceHttp;
import se.teknikivast.minasidor.auth.customer.ServiceTokens;

/**
 * Makes a proven pending address the customer's login address: customer-service's
 * {@code POST /internal/registrations/confirmations} (scope {@code customers.register}).
 */
@Component
class PendingAddresses {

    private final RestClient http;
    private final ServiceTokens tokens;

    PendingAddresses(CustomerServiceHttp customerService, ServiceTokens tokens) {
        this.http = customerService.client();
        this.tokens = tokens;
    }

    /** True when the address is now the login address; false when it is no longer the pending one. */
    boolean confirm(String customerNumber, String email) {
        try {
            http.post()
                    .uri("/internal/registrations/confirmations")
                    .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Map.of("customerNumber", customerNumber, "email", email))
                    .retrieve()
                    .toBodilessEntity();
            return true;
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)
                    || e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return false;
            }
            throw new CustomerContacts.Unavailable(e);
        } catch (RestClientException e) {
            throw new CustomerContacts.Unavailable(e);
        }
    }
}
