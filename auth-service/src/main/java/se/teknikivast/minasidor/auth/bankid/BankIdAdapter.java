package se.teknikivast.minasidor.auth.bankid;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import se.teknikivast.minasidor.auth.customer.ServiceTokens;
import se.teknikivast.minasidor.identity.Masking;

/**
 * bankid-adapter's API ({@code docs/service-apis.md}), called with auth-service's own client-credentials token (scope
 * {@code bankid}), like customer-service. Personal numbers only ever arrive in the collect body.
 */
@Component
class BankIdAdapter {

    private final RestClient http;
    private final ServiceTokens tokens;

    BankIdAdapter(RestClient.Builder builder, BankIdProperties properties, ServiceTokens tokens) {
        var settings = HttpClientSettings.defaults()
                .withConnectTimeout(properties.connectTimeout())
                .withReadTimeout(properties.readTimeout());
        this.http = builder.clone()
                .baseUrl(properties.adapterUrl().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
                .build();
        this.tokens = tokens;
    }

    record StartRequest(
            String endUserIp, boolean sameDevice, String device, String returnUrl, String userVisibleData) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Started(String orderRef, String autoStartToken, LaunchUrls launchUrls) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LaunchUrls(String mobile, String desktop) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Qr(String qrData) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(String id, String sv, String en) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Completion(
            String personalNumber,
            String name,
            String deviceIpAddress,
            String bankIdIssueDate,
            Boolean endUserIpMatches,
            String risk) {

        /** Never the personal number: records print their components. */
        @Override
        public String toString() {
            return "Completion[personalNumber=" + Masking.identityNumber(personalNumber) + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Collect(String orderRef, String status, String hintCode, Message message, Completion completion) {}

    /** BankID cannot be used now: breaker open, maintenance, the adapter down or not answering. */
    static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The adapter no longer knows the order (404) or it is not pending any more (409). */
    static final class OrderGoneException extends RuntimeException {
        OrderGoneException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param userVisibleData what the app shows the customer they approve (plain text; the adapter encodes it) */
    Started start(String endUserIp, boolean sameDevice, String device, String returnUrl, String userVisibleData) {
        return call(() -> http.post()
                .uri("/api/identifications")
                .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(new StartRequest(endUserIp, sameDevice, sameDevice ? device : null, returnUrl, userVisibleData))
                .retrieve()
                .body(Started.class));
    }

    String qrData(String orderRef) {
        var qr = call(() -> http.get()
                .uri("/api/identifications/{orderRef}/qr", Map.of("orderRef", orderRef))
                .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(Qr.class));
        return qr == null ? null : qr.qrData();
    }

    Collect collect(String orderRef) {
        return call(() -> http.post()
                .uri("/api/identifications/{orderRef}/collect", Map.of("orderRef", orderRef))
                .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(Collect.class));
    }

    /** The same second's code (or the next) as an SVG image, rendered by the adapter. */
    String qrSvg(String orderRef) {
        return call(() -> http.get()
                .uri("/api/identifications/{orderRef}/qr.svg", Map.of("orderRef", orderRef))
                .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                .accept(MediaType.valueOf("image/svg+xml"))
                .retrieve()
                .body(String.class));
    }

    void cancel(String orderRef) {
        call(() -> http.post()
                .uri("/api/identifications/{orderRef}/cancel", Map.of("orderRef", orderRef))
                .headers(h -> h.setBearerAuth(tokens.bearerToken()))
                .retrieve()
                .toBodilessEntity());
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (HttpStatusCodeException e) {
            var status = e.getStatusCode();
            if (status.isSameCodeAs(HttpStatus.NOT_FOUND) || status.isSameCodeAs(HttpStatus.CONFLICT)) {
                throw new OrderGoneException("bankid-adapter: " + status, e);
            }
            // 503 is the adapter's "BankID unavailable"; anything else is a fault we cannot fix by retrying either,
            // and the customer's way forward is the same: password login.
            throw new UnavailableException("bankid-adapter answered " + status, e);
        } catch (RestClientException e) {
            throw new UnavailableException(
                    "bankid-adapter unreachable: " + e.getClass().getSimpleName(), e);
        }
    }
}
