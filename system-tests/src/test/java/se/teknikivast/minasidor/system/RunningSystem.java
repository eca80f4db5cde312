package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system, started once per test JVM exactly as a person starts it: {@code ./mina-sidor up}, and stopped with
 * {@code ./mina-sidor down} when the JVM's tests are done. With {@code -Dminasidor.system.running=true} the tests use
 * a stack that is already up instead.
 */
public final class RunningSystem implements BeforeAllCallback {

    public static final String GATEWAY = "http://localhost:8080";
    public static final String INBOX = "http://localhost:13080";
    public static final String BANKID_SIMULATOR = "http://localhost:8082";
    /** auth-service directly, as internal teams reach it for client-credentials tokens (not the public origin). */
    public static final String AUTH_SERVICE = "http://localhost:9000";
    /** The gateway's management port (health, metrics): not the public origin. */
    public static final String GATEWAY_MANAGEMENT = "http://localhost:18080";

    /**
     * {@code -Dminasidor.system.instances=2}: the stack runs (or is started) with {@code --instances=2}, each service
     * twice behind HAProxy on the usual ports; only {@link ScaledOutIntegrationTests} is meant for it.
     */
    public static final int INSTANCES = Integer.getInteger("minasidor.system.instances", 1);

    private static final Duration STARTUP = Duration.ofMinutes(6);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Stack.class, key -> Stack.start(), Stack.class);
    }

    /** The (first) gateway instance's management port. */
    static String gatewayManagement() {
        return INSTANCES > 1 ? "http://localhost:18180" : GATEWAY_MANAGEMENT;
    }

    public static Path repositoryRoot() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mina-sidor"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Cannot find the repository root (the folder with ./mina-sidor)");
        }
        return dir;
    }

    /** Started by this JVM (stopped when the root extension context closes), or already running. */
    public static final class Stack implements AutoCloseable {
        private final boolean startedHere;

        private Stack(boolean startedHere) {
            this.startedHere = startedHere;
        }

        public static Stack start() {
            return start(Map.of());
        }

        /** As {@link #start()}, with these environment variables for {@code ./mina-sidor up} (and so the services). */
        public static Stack start(Map<String, String> environment) {
            if (Boolean.getBoolean("minasidor.system.running")) {
                awaitGatewayUp(Duration.ofSeconds(10));
                return new Stack(false);
            }
            var command = new ArrayList<>(List.of("./mina-sidor", "up", "--detach", "--no-build", "--strict"));
            if (INSTANCES > 1) {
                command.add("--instances=" + INSTANCES);
            }
            run(command, environment, STARTUP);
            awaitGatewayUp(Duration.ofSeconds(30));
            return new Stack(true);
        }

        @Override
        public void close() {
            if (startedHere) {
                run(List.of("./mina-sidor", "down"), Map.of(), Duration.ofMinutes(2));
            }
        }

        private static void run(List<String> command, Map<String, String> environment, Duration timeout) {
            try {
                var root = repositoryRoot();
                var log = root.resolve("system-tests/target/mina-sidor-" + command.get(1) + ".log");
                Files.createDirectories(log.getParent());
                var builder = new ProcessBuilder(command)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                var process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            String.join(" ", command) + " did not finish within " + timeout + "; see " + log);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "):\n" + Files.readString(log));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void awaitGatewayUp(Duration timeout) {
            var client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                try {
                    var response = client.send(
                            HttpRequest.newBuilder(URI.create(gatewayManagement() + "/actuator/health"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                        return;
                    }
                    last = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("The gateway is not UP: " + last);
        }
    }
}
