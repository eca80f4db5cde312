package se.teknikivast.minasidor.bankid.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the adapter the way auth-service does, and the simulator's virtual phone the way a tester does. */
public final class AdapterHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    public AdapterHttp(int port) {
        this(port, TestTokens.withScope("bankid"));
    }

    public AdapterHttp(int port, String token) {
        this.base = "http://localhost:" + port;
        this.token = token;
    }

    public record Answer(int status, JsonNode body, String text, HttpResponse<String> raw) {
        public String get(String field) {
            var node = body == null ? null : body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }

    public Answer start(boolean sameDevice) {
        return post("/api/identifications", Map.of("endUserIp", "203.0.113.7", "sameDevice", sameDevice));
    }

    public Answer collect(String orderRef) {
        return post("/api/identifications/" + orderRef + "/collect", null);
    }

    public Answer qr(String orderRef) {
        return get("/api/identifications/" + orderRef + "/qr");
    }

    public Answer scan(String qrData, String personalNumber) {
        return post("/simulator/api/scan", Map.of("qrData", qrData, "personalNumber", personalNumber));
    }

    public Answer phone(String path, Object body) {
        return post("/simulator/api/" + path, body);
    }

    public Answer faults(String mode, int remaining) {
        return post("/simulator/api/faults", Map.of("mode", mode, "remaining", remaining));
    }

    public Answer post(String path, Object body) {
        var builder = request(path).header("Content-Type", "application/json");
        builder.POST(
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(
                                body instanceof String s ? s : JSON.writeValueAsString(body)));
        return send(builder.build());
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Answer send(HttpRequest request) {
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            var type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !response.body().isEmpty()) {
                body = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), body, response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
