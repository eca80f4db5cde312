package se.teknikivast.minasidor.auth.registration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import se.teknikivast.minasidor.auth.customer.CustomerServiceHttp;
import se.teknikivast.minasidor.auth.customer.ServiceTokens;

/** customer-service's {@code POST /internal/registrations} (docs/service-apis.md), with auth-service's own token. */
@Component
class CustomerRegistrations {

    enum Outcome {
        /** The customer had no login address: the one entered is now pending until proven (docs/security.md). */
        PENDING,
        /** The address entered is the customer's login address: a forgotten password. */
        CONFIRMED,
        EMAIL_ALREADY_REGISTERED,
        MISMATCH
    }

    /** The outcome and, for PENDING/CONFIRMED, the address to mail the link to. */
    record Answer(Outcome outcome, String email) {
        @Override
        public String toString() {
            return "Answer[outcome=" + outcome + ", email=***]";
        }
    }

    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    record Request(String customerNumber, String identityNumber, String email) {
        @Override
        public String toString() {
            return "Request[customerNumber=" + customerNumber + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(String outcome, RegisteredCustomer customer) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RegisteredCustomer(String customerNumber, String email, String pendingEmail) {}

    private final RestClient http;
    private final ServiceTokens tokens;

    CustomerRegistrations(CustomerServiceHttp customerService, ServiceTokens tokens) {
        this.http = customerService.client();
        this.tokens = tokens;
    }

    Answer register(String customerNumber, String identityNumber, String email) {
        try {
            var response = http.post()
                    .uri("/internal/registrations")
                    .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .body(new Request(customerNumber, identityNumber, email))
                    .retrieve()
                    .body(Response.class);
            if (response == null || response.outcome() == null) {
                throw new Unavailable("customer-service answered a registration without an outcome", null);
            }
            var customer = response.customer();
            return switch (response.outcome()) {
                case "PENDING" ->
                    new Answer(
                            Outcome.PENDING,
                            customer != null && customer.pendingEmail() != null ? customer.pendingEmail() : email);
                case "CONFIRMED" ->
                    new Answer(
                            Outcome.CONFIRMED, customer != null && customer.email() != null ? customer.email() : email);
                default -> throw new Unavailable("customer-service answered an unknown registration outcome", null);
            };
        } catch (HttpClientErrorException e) {
            return switch (e.getStatusCode().value()) {
                case 409 -> new Answer(Outcome.EMAIL_ALREADY_REGISTERED, null);
                // 422: unknown customer or wrong identity number (one answer); 400 cannot happen for input we
                // validated, but if customer-service's rules are stricter it is still "these details do not match".
                case 422, 400, 404 -> new Answer(Outcome.MISMATCH, null);
                default -> throw new Unavailable("customer-service refused a registration: " + e.getStatusCode(), e);
            };
        } catch (RestClientException e) {
            throw new Unavailable("customer-service registration failed", e);
        }
    }
}
