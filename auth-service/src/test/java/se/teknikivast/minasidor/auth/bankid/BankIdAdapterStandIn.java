package se.teknikivast.minasidor.auth.bankid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bankid-adapter's API (docs/service-apis.md) played by a small real HTTP server the test scripts: each order stays
 * pending until the test completes or fails it. The real adapter is tested in its own module; starting it in this JVM
 * is not practical (its jar is a repackaged Boot application, and both applications read {@code application.yml}
 * from the class path root).
 */
final class BankIdAdapterStandIn implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Start(
            String orderRef,
            String endUserIp,
            boolean sameDevice,
            String device,
            String returnUrl,
            String userVisibleData,
            String scope) {}

    private final HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<Start> starts = new CopyOnWriteArrayList<>();
    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private final AtomicInteger qrCount = new AtomicInteger();

    private BankIdAdapterStandIn(HttpServer server) {
        this.server = server;
    }

    static BankIdAdapterStandIn start() {
        try {
            var server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            var standIn = new BankIdAdapterStandIn(server);
            server.createContext("/api/identifications", standIn::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    Start lastStart() {
        return starts.getLast();
    }

    List<String> cancelled() {
        return cancelled;
    }

    void unavailable(boolean down) {
        unavailable.set(down);
    }

    void complete(String orderRef, String personalNumber, String deviceIp) {
        complete(orderRef, personalNumber, deviceIp, "low");
    }

    /** @param risk BankID's risk assessment ({@code low}, {@code moderate}, {@code high}) */
    void complete(String orderRef, String personalNumber, String deviceIp, String risk) {
        answers.put(orderRef, """
                {"orderRef":"%s","status":"complete","hintCode":null,"message":null,"completion":{"personalNumber":"%s",\
                "name":"Test Testsson","givenName":"Test","surname":"Testsson","deviceIpAddress":"%s",\
                "bankIdIssueDate":"2024-01-01","endUserIpMatches":null,"risk":"%s"}}""".formatted(orderRef, personalNumber, deviceIp, risk));
    }

    void fail(String orderRef, String hintCode, String id, String sv, String en) {
        answers.put(orderRef, """
                {"orderRef":"%s","status":"failed","hintCode":"%s","message":{"id":"%s","sv":"%s","en":"%s"},"completion":null}""".formatted(orderRef, hintCode, id, sv, en));
    }

    void pending(String orderRef, String hintCode, String id, String sv, String en) {
        answers.put(orderRef, """
                {"orderRef":"%s","status":"pending","hintCode":"%s","message":{"id":"%s","sv":"%s","en":"%s"},"completion":null}""".formatted(orderRef, hintCode, id, sv, en));
    }

    private void handle(HttpExchange exchange) throws IOException {
        var authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, "application/problem+json", "{\"code\":\"unauthorized\"}");
            return;
        }
        var scope = scopeOf(authorization.substring("Bearer ".length()));
        if (!scope.contains("bankid")) {
            respond(exchange, 403, "application/problem+json", "{\"code\":\"forbidden\"}");
            return;
        }
        if (unavailable.get()) {
            respond(
                    exchange,
                    503,
                    "application/problem+json",
                    "{\"code\":\"bankid-unavailable\",\"message\":{\"id\":\"RFA5\",\"sv\":\"Något gick fel. Försök igen.\",\"en\":\"Something went wrong. Please try again.\"}}");
            return;
        }
        var path = exchange.getRequestURI().getPath();
        var method = exchange.getRequestMethod();
        if (path.equals("/api/identifications") && method.equals("POST")) {
            var body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            var orderRef = UUID.randomUUID().toString();
            var token = UUID.randomUUID().toString();
            starts.add(new Start(
                    orderRef,
                    text(body, "endUserIp"),
                    body.get("sameDevice").asBoolean(),
                    text(body, "device"),
                    text(body, "returnUrl"),
                    text(body, "userVisibleData"),
                    scope));
            pending(orderRef, "outstandingTransaction", "RFA1", "Starta BankID-appen.", "Start your BankID app.");
            respond(exchange, 201, "application/json", """
                    {"orderRef":"%s","autoStartToken":"%s","launchUrls":{"mobile":"https://app.bankid.com/?autostarttoken=%s&redirect=null",\
                    "desktop":"bankid:///?autostarttoken=%s&redirect=null"}}""".formatted(orderRef, token, token, token));
            return;
        }
        var parts = path.split("/"); // "", api, identifications, {orderRef}, action
        var orderRef = parts.length > 3 ? parts[3] : "";
        var action = parts.length > 4 ? parts[4] : "";
        var answer = answers.get(orderRef);
        if (answer == null || cancelled.contains(orderRef)) {
            respond(exchange, 404, "application/problem+json", "{\"code\":\"order-not-found\"}");
            return;
        }
        switch (action) {
            case "qr" ->
                respond(
                        exchange,
                        200,
                        "application/json",
                        "{\"qrData\":\"bankid.%s.%d.%s\"}"
                                .formatted(orderRef, qrCount.incrementAndGet(), "0".repeat(64)));
            case "qr.svg" ->
                respond(exchange, 200, "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
            case "collect" -> respond(exchange, 200, "application/json", answer);
            case "cancel" -> {
                cancelled.add(orderRef);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            default -> respond(exchange, 404, "application/problem+json", "{\"code\":\"not-found\"}");
        }
    }

    private static String text(JsonNode body, String field) {
        var node = body.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    /** The token's {@code scope} claim (signature checked by the real adapter, not here). */
    private static String scopeOf(String jwt) {
        var parts = jwt.split("\\.");
        if (parts.length != 3) {
            return "";
        }
        var claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        var scope = claims.get("scope");
        return scope == null ? "" : scope.toString();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
