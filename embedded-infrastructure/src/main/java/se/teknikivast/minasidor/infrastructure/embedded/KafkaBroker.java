package se.teknikivast.minasidor.infrastructure.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node Kafka broker in KRaft mode, running in its own JVM from the Kafka jars on this JVM's class
 * path. It can be stopped and started again on the same port with the same data, which is how the tests show that
 * nothing is lost while Kafka is down.
 *
 * <p>Secured as a deployment's broker is: clients authenticate with SASL/SCRAM-SHA-512 (no listener takes anonymous
 * clients), the StandardAuthorizer allows only what {@link KafkaAccess} grants, and only {@link KafkaAccess#ADMIN}
 * (the broker itself, whose password is generated and kept in the broker's directory) is a super user. Every start
 * creates the service users, their ACLs and the topics. A user's password is the one given to {@code start}; a user
 * without one gets a random password, which only {@link #clientProperties(String)} knows.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final KafkaStorage storage;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private String adminPassword;
    private Process process;

    private KafkaBroker(int port, int controllerPort, Path directory, String heap, Path logFile) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.storage = new KafkaStorage(directory, heap, logFile);
    }

    /** A broker on free ports with a throw-away directory and random passwords for every user, for tests. */
    public static KafkaBroker startEphemeral() {
        try {
            var directory = Files.createTempDirectory("kafka-broker-");
            directory.toFile().deleteOnExit();
            return start(0, 0, directory, "384m");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Formats {@code directory} unless it already holds a broker, then starts the broker and waits until it answers.
     *
     * @param port client port (0 for a free one)
     * @param controllerPort KRaft controller port (0 for a free one)
     * @param heap maximum heap of the broker JVM, e.g. {@code 512m}
     */
    public static KafkaBroker start(int port, int controllerPort, Path directory, String heap) {
        return start(port, controllerPort, directory, heap, directory.resolve("broker.log"));
    }

    /** As {@link #start(int, int, Path, String)}, with the broker's output appended to {@code logFile}. */
    public static KafkaBroker start(int port, int controllerPort, Path directory, String heap, Path logFile) {
        return start(port, controllerPort, directory, heap, logFile, Map.of());
    }

    /**
     * As {@link #start(int, int, Path, String, Path)}, with the service users' passwords ({@link KafkaAccess} user →
     * password); the local stack gives each service's demo password from its application-local.yml.
     */
    public static KafkaBroker start(
            int port, int controllerPort, Path directory, String heap, Path logFile, Map<String, String> passwords) {
        if (port > 0) {
            Ports.requireFree(port, "Kafka");
        }
        if (controllerPort > 0) {
            Ports.requireFree(controllerPort, "the Kafka controller");
        }
        var broker = new KafkaBroker(
                port > 0 ? port : Ports.freePort(),
                controllerPort > 0 ? controllerPort : Ports.freePort(),
                directory.toAbsolutePath(),
                heap,
                logFile.toAbsolutePath());
        for (var user : KafkaAccess.users()) {
            broker.passwords.put(user, passwords.getOrDefault(user, KafkaStorage.randomSecret()));
        }
        broker.adminPassword = broker.storage.prepare(broker.port, broker.controllerPort);
        broker.startProcess();
        return broker;
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Settings for a Kafka client that logs in as {@code user} ({@link KafkaAccess#ADMIN} or a service user). */
    public Map<String, Object> clientProperties(String user) {
        return KafkaAccess.clientProperties(bootstrapServers(), user, password(user));
    }

    /** The password {@code user} logs in with now. */
    public String password(String user) {
        var password = KafkaAccess.ADMIN.equals(user) ? adminPassword : passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("No Kafka user " + user);
        }
        return password;
    }

    /**
     * Gives {@code user} this password from now on (a test's service logs in with its local profile's) and waits
     * until the broker accepts it.
     */
    public void usePassword(String user, String password) {
        if (!KafkaAccess.users().contains(user)) {
            throw new IllegalArgumentException("No Kafka user " + user);
        }
        if (password.equals(passwords.get(user))) {
            return;
        }
        passwords.put(user, password);
        try (var admin = admin()) {
            KafkaSetup.upsertUsers(admin, Map.of(user, password));
        }
        KafkaSetup.awaitLogin(clientProperties(user));
    }

    /**
     * A topic of a test's own with the ACLs of {@code topic} (which services may write and read it), created with
     * {@code topic}'s settings and this many partitions.
     */
    public String standIn(String topic, String name, int partitions) {
        try (var admin = admin()) {
            KafkaSetup.createStandIn(admin, topic, name, partitions);
        }
        return name;
    }

    /** An administrator's client (super user), for setting up and observing; close it after use. */
    public Admin admin() {
        var config = new HashMap<>(clientProperties(KafkaAccess.ADMIN));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        return Admin.create(config);
    }

    /** The operating-system process id of the broker JVM, or -1 while it is stopped. */
    public long pid() {
        var current = process;
        return current != null && current.isAlive() ? current.pid() : -1;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker gracefully; its data stays for {@link #restart()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    public synchronized void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    public Path logFile() {
        return storage.logFile();
    }

    private synchronized void startProcess() {
        try {
            process = storage.launch("kafka.Kafka", storage.config().toString());
            awaitReady();
            try (var admin = admin()) {
                KafkaSetup.apply(admin, passwords);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The Kafka broker did not start", e);
        }
    }

    private void awaitReady() {
        var deadline = Instant.now().plus(STARTUP_TIMEOUT);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The Kafka broker exited with " + process.exitValue() + "; see " + logFile());
            }
            if (Ports.isListening(port)) {
                var config = new HashMap<>(clientProperties(KafkaAccess.ADMIN));
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                try (var admin = Admin.create(config)) {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = e;
                }
            }
            sleep(200);
        }
        stop();
        throw new IllegalStateException(
                "The Kafka broker was not ready within " + STARTUP_TIMEOUT + "; see " + logFile(), last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
