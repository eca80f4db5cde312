package se.teknikivast.minasidor.infrastructure.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A {@link KafkaBroker}'s directory and how its JVM is run: the generated administrator password, the broker's
 * {@code server.properties} and logging, the KRaft storage (formatted once, with the administrator as its first SCRAM
 * user), and the command line of a Kafka main class from this JVM's class path.
 */
final class KafkaStorage {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final String heap;
    private final Path logFile;

    KafkaStorage(Path directory, String heap, Path logFile) {
        this.directory = directory;
        this.heap = heap;
        this.logFile = logFile;
    }

    Path config() {
        return directory.resolve("server.properties");
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Writes the broker's settings for these ports and formats the storage unless it holds a broker already; returns
     * the administrator's password (kept in the directory, so a restart of the local stack finds it again).
     */
    String prepare(int port, int controllerPort) {
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
            var adminPassword = Files.readString(passwordFile).strip();
            Files.writeString(
                    config(),
                    KafkaSetup.serverProperties(
                            port, controllerPort, directory.resolve("data").toString(), adminPassword));
            Files.writeString(directory.resolve("logback.xml"), LOGBACK);
            if (!Files.exists(directory.resolve("data/meta.properties"))) {
                format(adminPassword);
            }
            return adminPassword;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a Kafka main class with the broker's settings, its output appended to the log file. */
    Process launch(String mainClass, String... arguments) throws IOException {
        var command = javaCommand(mainClass);
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    private void format(String adminPassword) throws IOException {
        var format = launch(
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "--ignore-formatted",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config().toString(),
                // The broker logs in to itself as the administrator, before anyone could create that user.
                "--add-scram",
                "%s=[name=%s,password=%s]".formatted(KafkaAccess.MECHANISM, KafkaAccess.ADMIN, adminPassword));
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("Formatting the Kafka storage failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    static String randomSecret() {
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
