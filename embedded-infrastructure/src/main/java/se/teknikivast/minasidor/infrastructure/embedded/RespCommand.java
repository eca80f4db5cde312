package se.teknikivast.minasidor.infrastructure.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * One Redis command over a fresh connection, in Redis's own protocol (RESP2) without a client library: for setting up
 * the servers here and for tests that look at Redis from outside a service (as a person with {@code redis-cli} would).
 */
public final class RespCommand {

    private RespCommand() {}

    /** An error reply ({@code -ERR …}, {@code -NOPERM …}, {@code -WRONGPASS …}). */
    public static final class RedisError extends RuntimeException {
        RedisError(String message) {
            super(message);
        }
    }

    /**
     * Sends {@code command}, first logged in as {@code user} with {@code password} when a user is given, and returns the
     * reply: a String for a status, a Long for an integer, byte[] (or null) for a bulk string, a List for an array (null
     * for a missing element).
     *
     * @throws RedisError for an error reply, the login's included
     */
    public static Object send(String host, int port, String user, String password, String... command) {
        try (var socket = new Socket(host, port)) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            if (user != null) {
                out.write(encode("AUTH", user, password));
                read(in);
            }
            out.write(encode(command));
            out.flush();
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on " + host + ":" + port + " did not answer", e);
        }
    }

    private static byte[] encode(String... parts) {
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("*" + parts.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (var part : parts) {
            var encoded = part.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(("$" + encoded.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(encoded);
            bytes.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static Object read(InputStream in) throws IOException {
        var line = line(in);
        var rest = line.substring(1);
        return switch (line.charAt(0)) {
            case '+' -> rest;
            case '-' -> throw new RedisError(rest);
            case ':' -> Long.parseLong(rest);
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    yield null;
                }
                var value = in.readNBytes(length);
                in.readNBytes(2);
                yield value;
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                var items = new ArrayList<Object>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IOException("Not a Redis reply: " + line);
        };
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                var bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("Redis closed the connection");
    }
}
