package se.teknikivast.minasidor.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Reads one field of a hash in the local stack's Redis (RESP over a socket, no client library): the view of an attacker
 * who got a copy of the gateway's sessions (a backup, a misconfigured replica), for tests that need a token the browser
 * never sees.
 */
final class RedisPeek {

    private static final int PORT = 16379;

    private RedisPeek() {}

    /** {@code HGET key field} as bytes, or null when there is no such field. */
    static byte[] hget(String key, String field) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
            socket.setSoTimeout(5000);
            var command = new StringBuilder("*3\r\n");
            for (var part : new String[] {"HGET", key, field}) {
                var bytes = part.getBytes(StandardCharsets.UTF_8);
                command.append('$')
                        .append(bytes.length)
                        .append("\r\n")
                        .append(part)
                        .append("\r\n");
            }
            socket.getOutputStream().write(command.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            var in = socket.getInputStream();
            var header = line(in);
            if (!header.startsWith("$")) {
                throw new IllegalStateException("Unexpected Redis reply: " + header);
            }
            int length = Integer.parseInt(header.substring(1));
            return length < 0 ? null : in.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
