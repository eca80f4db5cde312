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
 * What registration and password setup need to know about a customer ({@code GET /internal/customers/{no}}): the
 * addresses (the login address, a pending one, the postal address for a letter), the identity number for the
 * password policy's context words and the BankID proof, the type for which proof to offer.
 */
@Component
public class CustomerContacts {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PostalAddress(String street, String postalCode, String city) {
        @Override
        public String toString() {
            return "PostalAddress[***]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(
            String customerNumber,
            String type,
            String name,
            String identityNumber,
            String email,
            String pendingEmail,
            PostalAddress postalAddress) {

        static Contact unknown(String customerNumber) {
            return new Contact(customerNumber, null, null, null, null, null, null);
        }

        public boolean isCompany() {
            return "COMPANY".equals(type);
        }

        @Override
        public String toString() {
            return "Contact[customerNumber=" + customerNumber + ", type=" + type + ", identityNumber=***, email=***]";
        }
    }

    public static final class Unavailable extends RuntimeException {
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

    public Optional<Contact> find(String customerNumber) {
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
