package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The HAProxy balancers of a scaled-out stack ({@code ./mina-sidor up --instances=N}) as a test sees them: their
 * statistics (CSV on :13090, one row per "backend/server") and their admin socket (:13091).
 */
public final class Balancers {

    static final URI STATISTICS = URI.create("http://localhost:13090/;csv");
    static final int ADMIN_PORT = 13091;

    /** Columns of HAProxy's CSV statistics. */
    private static final int TOTAL_SESSIONS = 7;

    private static final int STATUS = 17;

    private Balancers() {}

    /** Whether the stack runs with its balancers (and a second gateway instance). */
    public static boolean scaledOut() {
        try {
            return rows().containsKey("gateway/gateway-2");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** An instance's state as HAProxy sees it ("UP", "DOWN", "DRAIN", …); empty when it has no such instance. */
    public static String state(String backend, String server) {
        var row = rows().get(backend + "/" + server);
        return row == null ? "" : row[STATUS];
    }

    /** The total sessions HAProxy has sent to each "backend/server". */
    public static Map<String, Long> sessions() {
        var sessions = new HashMap<String, Long>();
        rows().forEach((server, row) -> sessions.put(server, Long.parseLong(row[TOTAL_SESSIONS])));
        return sessions;
    }

    /** One command to the admin socket; its answer must be empty (done). */
    public static void admin(String command) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), ADMIN_PORT)) {
            socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!answer.isEmpty()) {
                throw new IllegalStateException("HAProxy refused \"" + command + "\": " + answer);
            }
        } catch (IOException e) {
            throw new IllegalStateException("HAProxy's admin socket: " + e.getMessage(), e);
        }
    }

    private static Map<String, String[]> rows() {
        try (var http = HttpClient.newHttpClient()) {
            var csv = http.send(
                            HttpRequest.newBuilder(STATISTICS)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            var rows = new HashMap<String, String[]>();
            csv.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
                var fields = line.split(",");
                if (fields.length > STATUS) {
                    rows.put(fields[0] + "/" + fields[1], fields);
                }
            });
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("No HAProxy statistics at " + STATISTICS + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
