package se.teknikivast.minasidor.customer.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the running service, like auth-service or a curl user would call it. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public Api(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public record Response(
            int status,
            @Nullable String contentType,
            @Nullable String wwwAuthenticate,
            String text) {
        public JsonNode json() {
            return JSON.readTree(text);
        }
    }

    public Response get(String path, @Nullable String token) {
        return send(request(path, token).GET().build());
    }

    public Response post(String path, @Nullable String token, Object body) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    }

    public Response put(String path, @Nullable String token, Object body) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build());
    }

    public Response delete(String path, @Nullable String token) {
        return send(request(path, token).DELETE().build());
    }

    public Response postText(String path, @Nullable String token, String contentType, String body) {
        return send(request(path, token)
                .header("Content-Type", contentType)
                .POST(BodyPublishers.ofString(body))
                .build());
    }

    private HttpRequest.Builder request(String path, @Nullable String token) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            var response = http.send(request, BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("WWW-Authenticate").orElse(null),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
