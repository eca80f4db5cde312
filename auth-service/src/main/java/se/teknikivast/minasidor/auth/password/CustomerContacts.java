package se.teknikivast.minasidor.auth.password;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import se.teknikivast.minasidor.auth.customer.CustomerServiceHttp;
import se.teknikivast.minasidor.auth.customer.ServiceTokens;

/**
 * What the password page needs from customer-service ({@code GET /internal/customers/{no}}): the identity number and
 * e-mail for the policy's context words, and the address for the "password changed" e-mail.
 */
@Component
class CustomerContacts {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Contact(String customerNumber, String identityNumber, String email) {
        @Override
        public String toString() {
            return "Contact[customerNumber=" + customerNumber + ", identityNumber=***, email=***]";
        }
    }

    static final class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super("customer-service did not answer the contact lookup", cause);
        }
    }

    private final RestClient http;
    private final ServiceTokens tokens;

    CustomerContacts(CustomerServiceHttp customerService, ServiceTokens tokens) {
        this.http = customerService.client();
        this.tokens = tokens;
    }

    Optional<Contact> find(String customerNumber) {
        try {
            return Optional.ofNullable(http.get()
                    .uri("/internal/customers/{customerNumber}", Map.of("customerNumber", customerNumber))
                    .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                    .accept(MediaType.APPLICATION_JSON)
                    .retrieve()
                    .body(Contact.class));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw new Unavailable(e);
        } catch (RestClientException e) {
            throw new Unavailable(e);
        }
    }
}
