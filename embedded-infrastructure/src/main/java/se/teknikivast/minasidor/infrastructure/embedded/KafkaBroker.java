package se.teknikivast.minasidor.infrastructure.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode, running in its own JVM from the Kafka jars on this JVM's class
 * path. It can be stopped and started again on the same port with the same data, which is how the tests show that
 * nothing is lost while Kafka is down.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final Path directory;
    private final String heap;
    private final Path logFile;
    private Process process;

    private KafkaBroker(int port, int controllerPort, Path directory, String heap, Path logFile) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.directory = directory;
        this.heap = heap;
        this.logFile = logFile;
    }

    /** A broker on free ports with a throw-away directory, for tests. */
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
            Files.createDirectories(directory.resolve("data"));
            Files.writeString(config(), serverProperties());
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
                    config().toString()));
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
                try (var admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
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

    private String serverProperties() {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=3
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.retention.hours=24
                """.formatted(port, controllerPort, directory.resolve("data"));
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
