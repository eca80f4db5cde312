package se.teknikivast.minasidor.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for a backend that lives in another module (auth-service, customer-service):
 * the gateway talks to it over the loopback interface exactly as it would to the real one.
 */
class FakeBackend implements AutoCloseable {

    private final HttpServer server;

    FakeBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    FakeBackend on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    String baseUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    static Map<String, String> form(String encoded) {
        var values = new HashMap<String, String>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (var pair : encoded.split("&")) {
            var parts = pair.split("=", 2);
            values.put(
                    URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    static Map<String, String> body(HttpExchange exchange) throws IOException {
        return form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
