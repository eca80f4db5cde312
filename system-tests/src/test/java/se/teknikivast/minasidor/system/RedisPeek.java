package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import se.teknikivast.minasidor.infrastructure.embedded.RespCommand;

/**
 * Reads one field of a hash in the local stack's Redis: the view of an attacker who got a copy of the gateway's
 * sessions (a backup, a misconfigured replica, the gateway's Redis password), for tests that need a token the browser
 * never sees. Logs in as Redis user gateway with its local profile's password, the only user that may read those keys.
 */
final class RedisPeek {

    private static final int PORT = 16379;
    private static final Pattern PASSWORD = Pattern.compile("(?m)^MINASIDOR_REDIS_PASSWORD:\\s*\"?([^\"\\s]+)\"?\\s*$");

    private RedisPeek() {}

    /** {@code HGET key field} as bytes, or null when there is no such field. */
    static byte[] hget(String key, String field) {
        return (byte[]) RespCommand.send("127.0.0.1", PORT, "gateway", gatewayPassword(), "HGET", key, field);
    }

    private static String gatewayPassword() {
        try {
            var local = Files.readString(Path.of("..", "gateway", "src", "main", "resources", "application-local.yml"));
            var matcher = PASSWORD.matcher(local);
            if (!matcher.find()) {
                throw new IllegalStateException("gateway's application-local.yml has no MINASIDOR_REDIS_PASSWORD");
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
