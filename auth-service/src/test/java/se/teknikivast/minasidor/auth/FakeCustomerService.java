package se.teknikivast.minasidor.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * customer-service's two internal endpoints auth-service calls, served by a small real HTTP server with the demo
 * customers. customer-service itself is tested in its own module; this only plays its contract
 * (docs/service-apis.md), including the bearer token requirement.
 */
public final class FakeCustomerService implements AutoCloseable {

    public record DemoCustomer(String customerNumber, String type, String identityNumber, String name) {}

    public static final List<DemoCustomer> CUSTOMERS = List.of(
            new DemoCustomer("100001", "PRIVATE_PERSON", "191212121212", "Tolvan Tolvansson"),
            new DemoCustomer("100002", "SOLE_TRADER", "198001012387", "Anna Anderssons Elinstallation"),
            new DemoCustomer("100003", "COMPANY", "165566778899", "Västkustens Kraft AB"),
            new DemoCustomer("100004", "PRIVATE_PERSON", "198505052467", "Lisa Lindqvist"),
            new DemoCustomer("100005", "PRIVATE_PERSON", "198505052467", "Lisa Lindqvist (sommarstugan)"),
            new DemoCustomer("100007", "COMPANY", "165590123450", "Bergslagens Bygg AB"));

    private static final Pattern IDENTITY = Pattern.compile("\"identityNumber\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpServer server;
    private final AtomicInteger unauthenticatedCalls = new AtomicInteger();

    private FakeCustomerService(HttpServer server) {
        this.server = server;
    }

    public static FakeCustomerService start() {
        try {
            var server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            var fake = new FakeCustomerService(server);
            server.createContext("/internal/customers/search", fake::search);
            server.createContext("/internal/customers/", fake::find);
            server.createContext("/internal/registrations", fake::register);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public int unauthenticatedCalls() {
        return unauthenticatedCalls.get();
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        var authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ey")) {
            unauthenticatedCalls.incrementAndGet();
            respond(exchange, 401, "{\"code\":\"unauthorized\"}");
            return false;
        }
        return true;
    }

    private void find(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        var number = exchange.getRequestURI().getPath().substring("/internal/customers/".length());
        var customer = CUSTOMERS.stream()
                .filter(c -> c.customerNumber().equals(number))
                .findFirst();
        if (customer.isEmpty()) {
            respond(exchange, 404, "{\"code\":\"customer-not-found\"}");
        } else {
            respond(exchange, 200, json(customer.get()));
        }
    }

    private void search(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var matcher = IDENTITY.matcher(body);
        var identity = matcher.find() ? matcher.group(1).replace("-", "") : "";
        var found = CUSTOMERS.stream()
                .filter(c -> c.identityNumber().equals(identity))
                .map(FakeCustomerService::json)
                .toList();
        respond(exchange, 200, "{\"customers\":[" + String.join(",", found) + "]}");
    }

    private static final Pattern CUSTOMER_NUMBER = Pattern.compile("\"customerNumber\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern EMAIL = Pattern.compile("\"email\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * {@code POST /internal/registrations} for the benchmark's new customers: every customer number is a private
     * person without an e-mail yet, so each registration is "REGISTERED" with the address given.
     */
    private void register(HttpExchange exchange) throws IOException {
        if (!authorized(exchange)) {
            return;
        }
        var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var number = CUSTOMER_NUMBER.matcher(body);
        var identity = IDENTITY.matcher(body);
        var email = EMAIL.matcher(body);
        if (!number.find() || !identity.find() || !email.find()) {
            respond(exchange, 400, "{\"code\":\"bad-request\"}");
            return;
        }
        respond(
                exchange,
                200,
                "{\"outcome\":\"REGISTERED\",\"customer\":{\"customerNumber\":\"%s\",\"type\":\"PRIVATE_PERSON\",\"identityNumber\":\"%s\",\"name\":\"Ny Kund\",\"email\":\"%s\"}}"
                        .formatted(number.group(1), identity.group(1), email.group(1)));
    }

    private static String json(DemoCustomer c) {
        return "{\"customerNumber\":\"%s\",\"type\":\"%s\",\"identityNumber\":\"%s\",\"name\":\"%s\",\"email\":null}"
                .formatted(c.customerNumber(), c.type(), c.identityNumber(), c.name());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
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
