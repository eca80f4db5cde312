package se.teknikivast.minasidor.infrastructure.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real redis-server process (6.2, shipped inside a Maven Central jar), bound to the loopback interface.
 *
 * <p>Memory: at most {@link #DEFAULT_MAX_MEMORY} of data, and at the limit Redis <em>refuses writes</em>
 * ({@code noeviction}) rather than evicting keys: every key here is a session, an authorization, a BankID order or a
 * rate-limit counter, and evicting any of them would log customers out, forget refresh tokens or reset a brute-force
 * limit without anyone noticing. docs/operations.md ("Redis memory") has the sizing and the alert.
 */
public final class RedisServer implements AutoCloseable {

    /** The local stack's and the tests' limit, as in docker-compose.yml. */
    public static final String DEFAULT_MAX_MEMORY = "256mb";

    private final redis.embedded.RedisServer server;
    private final int port;

    private RedisServer(redis.embedded.RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisServer start(int port) {
        return start(port, null);
    }

    /** As {@link #start(int)}, with the server's output appended to {@code logFile} when one is given. */
    public static RedisServer start(int port, Path logFile) {
        return start(port, logFile, DEFAULT_MAX_MEMORY);
    }

    /** As {@link #start(int, Path)} with another memory limit ({@code maxmemory}: {@code 32mb}, …), e.g. a small one. */
    public static RedisServer start(int port, Path logFile, String maxMemory) {
        return start(port, logFile, maxMemory, null);
    }

    /**
     * As {@link #start(int, Path, String)}; with {@code passwords} (service user → password), Redis has exactly
     * {@link RedisAccess}'s users and the default user is off, as in a deployment (the local stack). Without (the
     * tests' Redis), the default user and every service user may do everything, the service users with any password
     * ({@link RedisAccess#openAclFile()}): tests use keys of their own and look into Redis through the service's
     * connection, and RedisAccessIntegrationTests tests the real rules.
     */
    public static RedisServer start(int port, Path logFile, String maxMemory, Map<String, String> passwords) {
        int chosen = port > 0 ? port : Ports.freePort();
        if (port > 0) {
            Ports.requireFree(port, "Redis");
        }
        try {
            var builder = redis.embedded.RedisServer.newRedisServer()
                    .port(chosen)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory " + maxMemory)
                    .setting("maxmemory-policy noeviction")
                    // Spring Session's expiry events (auth-service): set here, as no service may run CONFIG.
                    .setting("notify-keyspace-events " + RedisAccess.KEYSPACE_EVENTS)
                    .onShutdownForceStop(true)
                    .soutListener(logFile == null ? line -> {} : appendingTo(logFile));
            (passwords != null ? RedisAccess.aclFile(passwords) : RedisAccess.openAclFile()).forEach(builder::setting);
            var server = builder.build();
            server.start();
            return new RedisServer(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + chosen, e);
        }
    }

    private static Consumer<String> appendingTo(Path logFile) {
        return line -> {
            try {
                Files.writeString(
                        logFile, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // A lost log line must not stop Redis.
            }
        };
    }

    public int port() {
        return port;
    }

    /**
     * Stops the server, to test what clients do while Redis is down; {@link #restart()} brings it back. Returns once
     * nothing listens on the port any more: the process is killed, not waited for, and a restart while the old process
     * still held the port would fail.
     */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (Ports.isListening(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis still listens on port " + port + " 10 s after it was stopped");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public void restart() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (server.isActive()) {
            stop();
        }
    }
}
