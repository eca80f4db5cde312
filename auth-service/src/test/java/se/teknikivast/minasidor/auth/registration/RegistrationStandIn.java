package se.teknikivast.minasidor.auth.registration;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * customer-service as auth-service's registration and password pages use it ({@code POST /internal/registrations},
 * {@code POST /internal/registrations/confirmations}, {@code GET /internal/customers/{no}}), played by a small real
 * HTTP server with the registration rules of docs/service-apis.md and a mutable login and pending address per
 * customer. customer-service's own rules are tested in its module.
 */
final class RegistrationStandIn implements AutoCloseable {

    record Customer(String customerNumber, String type, String identityNumber) {}

    static final Map<String, Customer> CUSTOMERS = Map.of(
            "100001", new Customer("100001", "PRIVATE_PERSON", "191212121212"),
            "100006", new Customer("100006", "PRIVATE_PERSON", "197007073716"),
            "100007", new Customer("100007", "COMPANY", "165590123450"));

    private final HttpServer server;
    private final Map<String, String> emails = new ConcurrentHashMap<>();
    private final Map<String, String> pending = new ConcurrentHashMap<>();
    private volatile boolean down;

    private RegistrationStandIn(HttpServer server) {
        this.server = server;
    }

    static RegistrationStandIn start() {
        try {
            var server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            var standIn = new RegistrationStandIn(server);
            server.createContext("/internal/registrations/confirmations", standIn::confirm);
            server.createContext("/internal/registrations", standIn::register);
            server.createContext("/internal/customers/", standIn::find);
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

    void setEmail(String customerNumber, String email) {
        pending.remove(customerNumber);
        if (email == null) {
            emails.remove(customerNumber);
        } else {
            emails.put(customerNumber, email);
        }
    }

    String pendingEmail(String customerNumber) {
        return pending.get(customerNumber);
    }

    void cancelPending(String customerNumber) {
        pending.remove(customerNumber);
    }

    String email(String customerNumber) {
        return emails.get(customerNumber);
    }

    void down(boolean down) {
        this.down = down;
    }

    private boolean refused(HttpExchange exchange) throws IOException {
        if (down) {
            respond(exchange, 503, "{\"code\":\"unavailable\"}");
            return true;
        }
        var authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ey")) {
            respond(exchange, 401, "{\"code\":\"unauthorized\"}");
            return true;
        }
        return false;
    }

    private void register(HttpExchange exchange) throws IOException {
        if (refused(exchange)) {
            return;
        }
        var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var customer = CUSTOMERS.get(field(body, "customerNumber"));
        if (customer == null || !customer.identityNumber().equals(field(body, "identityNumber"))) {
            respond(exchange, 422, "{\"code\":\"registration-details-mismatch\"}");
            return;
        }
        var email = field(body, "email");
        var stored = emails.get(customer.customerNumber());
        String outcome;
        if (stored == null) {
            pending.put(customer.customerNumber(), email);
            outcome = "PENDING";
        } else if (stored.toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))) {
            outcome = "CONFIRMED";
        } else {
            respond(
                    exchange,
                    409,
                    "{\"code\":\"email-already-registered\",\"detail\":\"Det finns redan en annan e-postadress"
                            + " registrerad. Ring kundservice på tfn 0570-822 00 (vx).\"}");
            return;
        }
        respond(exchange, 200, "{\"outcome\":\"%s\",\"customer\":%s}".formatted(outcome, json(customer)));
    }

    private void confirm(HttpExchange exchange) throws IOException {
        if (refused(exchange)) {
            return;
        }
        var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var customer = CUSTOMERS.get(field(body, "customerNumber"));
        var email = field(body, "email");
        var waiting = customer == null ? null : pending.get(customer.customerNumber());
        if (waiting == null || emails.containsKey(customer.customerNumber()) || !waiting.equalsIgnoreCase(email)) {
            respond(exchange, 409, "{\"code\":\"registration-not-pending\"}");
            return;
        }
        pending.remove(customer.customerNumber());
        emails.put(customer.customerNumber(), waiting);
        respond(exchange, 200, json(customer));
    }

    private void find(HttpExchange exchange) throws IOException {
        if (refused(exchange)) {
            return;
        }
        var number = exchange.getRequestURI().getPath().substring("/internal/customers/".length());
        var customer = CUSTOMERS.get(number);
        if (customer == null) {
            respond(exchange, 404, "{\"code\":\"customer-not-found\"}");
        } else {
            respond(exchange, 200, json(customer));
        }
    }

    private String json(Customer c) {
        return ("{\"customerNumber\":\"%s\",\"type\":\"%s\",\"identityNumber\":\"%s\",\"name\":\"Kund %s\","
                        + "\"email\":%s,\"pendingEmail\":%s,"
                        + "\"postalAddress\":{\"street\":\"Storgatan 1\",\"postalCode\":\"652 25\",\"city\":\"Karlstad\"}}")
                .formatted(
                        c.customerNumber(),
                        c.type(),
                        c.identityNumber(),
                        c.customerNumber(),
                        quoted(emails.get(c.customerNumber())),
                        quoted(pending.get(c.customerNumber())));
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static String field(String json, String name) {
        var matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
