package se.teknikivast.minasidor.infrastructure.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

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
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int port;
    private final int controllerPort;
    private final Path directory;
    private final String heap;
    private final Path logFile;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private String adminPassword;
    private Process process;

    private KafkaBroker(int port, int controllerPort, Path directory, String heap, Path logFile) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.directory = directory;
        this.heap = heap;
        this.logFile = logFile;
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
            broker.passwords.put(user, passwords.getOrDefault(user, randomSecret()));
        }
        broker.format();
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

    private Path config() {
        return directory.resolve("server.properties");
    }

    public Path logFile() {
        return logFile;
    }

    private void format() {
        try {
            var passwordFile = directory.resolve("admin-password");
            if (Files.exists(directory.resolve("data/meta.properties")) && !Files.exists(passwordFile)) {
                // Formatted before the broker required logins: without an administrator nothing could be set up.
                deleteRecursively(directory.resolve("data"));
            }
            Files.createDirectories(directory.resolve("data"));
            if (!Files.exists(passwordFile)) {
                Files.writeString(passwordFile, randomSecret());
            }
            adminPassword = Files.readString(passwordFile).strip();
            Files.writeString(
                    config(),
                    KafkaSetup.serverProperties(
                            port, controllerPort, directory.resolve("data").toString(), adminPassword));
            Files.writeString(directory.resolve("logback.xml"), LOGBACK);
            if (Files.exists(directory.resolve("data/meta.properties"))) {
                return;
            }
            var command = javaCommand("kafka.tools.StorageTool");
            command.addAll(List.of(
                    "format",
                    "--standalone",
                    "--ignore-formatted",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    config().toString(),
                    // The broker logs in to itself as the administrator, before anyone could create that user.
                    "--add-scram",
                    "%s=[name=%s,password=%s]".formatted(KafkaAccess.MECHANISM, KafkaAccess.ADMIN, adminPassword)));
            var format = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("Formatting the Kafka storage failed; see " + logFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void startProcess() {
        try {
            var command = javaCommand("kafka.Kafka");
            command.add(config().toString());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
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

    private List<String> javaCommand(String mainClass) {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<String>();
        command.addAll(List.of(
                java,
                "-Xms64m",
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dlogback.configurationFile=" + directory.resolve("logback.xml"),
                "-cp",
                classPath(),
                mainClass));
        return command;
    }

    private static String classPath() {
        // Surefire and the local stack both put the real class path here (not a manifest-only jar).
        var entries = System.getProperty("java.class.path").split(File.pathSeparator);
        var kept = new ArrayList<String>();
        for (var entry : entries) {
            if (entry.endsWith(".jar")) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private static String randomSecret() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (var paths = Files.walk(path)) {
            for (var each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final String LOGBACK = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka" level="INFO"/>
              <logger name="org.apache.kafka" level="WARN"/>
              <logger name="state.change.logger" level="WARN"/>
              <root level="WARN"><appender-ref ref="out"/></root>
            </configuration>
            """;
}
