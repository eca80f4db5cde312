package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customer service staff calling customer-service with their client-credentials client ({@code kundservice}, scopes
 * {@code customers.read customers.admin}; its local-only secret from auth-service's README).
 */
final class Kundservice {

    static final String CUSTOMER_SERVICE = "http://localhost:8081";

    private static final String CLIENT = "kundservice:uzpygDD27FFnR6ogJdIHswlfq425EgkmQUe-kcNzEFA";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Kundservice() {}

    static JsonNode customer(String customerNumber) {
        return JSON.readTree(
                send("GET", "/internal/customers/" + customerNumber, null).body());
    }

    /** {@code PUT /internal/customers/{no}/email}: the audited change customer service makes on the phone. */
    static HttpResponse<String> changeEmail(String customerNumber, String email, String reason) {
        return send(
                "PUT",
                "/internal/customers/" + customerNumber + "/email",
                JSON.writeValueAsString(java.util.Map.of("email", email, "reason", reason)));
    }

    static HttpResponse<String> send(String method, String path, String json) {
        var request = HttpRequest.newBuilder(URI.create(CUSTOMER_SERVICE + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(request.build());
    }

    private static String token() {
        var response = call(HttpRequest.newBuilder(URI.create(RunningSystem.AUTH_SERVICE + "/auth/oauth2/token"))
                .timeout(Duration.ofSeconds(10))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(CLIENT.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&scope=customers.read%20customers.admin"))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("No kundservice token: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> call(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
