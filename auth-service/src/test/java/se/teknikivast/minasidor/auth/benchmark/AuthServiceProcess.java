package se.teknikivast.minasidor.auth.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import se.teknikivast.minasidor.auth.AuthServiceApplication;
import se.teknikivast.minasidor.auth.LocalClients;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * auth-service in a JVM of its own (this JVM's class path, production JIT), against the given database, Redis, Kafka
 * and customer-service, on free ports. Restartable, to time a start on a populated database.
 */
public final class AuthServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * The accounts of src/test/resources/demo-credentials.jsonl (customer number or organisation number, password),
     * which {@link #start} gives the service; customers of FakeCustomerService.
     */
    public static final List<String[]> DEMO_ACCOUNTS = List.of(
            new String[] {"100001", "elljus-over-vanern-2026"},
            new String[] {"16556677-8899", "kraftledning-i-vast-2026"},
            new String[] {"100004", "sommarstuga-vid-sjon-2026"});

    private final List<String> command;
    private final int port;
    private final int managementPort;
    private final Path log;
    private Process process;

    private AuthServiceProcess(List<String> command, int port, int managementPort, Path log) {
        this.command = command;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts auth-service; returns once it is ready. {@code jvmOptions} e.g. "-Xmx512m --enable-native-access=…". */
    public static AuthServiceProcess start(
            String jvmOptions,
            String jdbcUrl,
            String databaseUser,
            String databasePassword,
            TestInfrastructure.Redis redis,
            TestInfrastructure.Kafka kafka,
            String customerServiceUrl,
            Path demoCredentials)
            throws Exception {
        var port = Ports.free();
        var managementPort = Ports.free();
        var command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                AuthServiceApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + databaseUser,
                "--spring.datasource.password=" + databasePassword,
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--MINASIDOR_KAFKA_PASSWORD=" + kafka.password(KafkaAccess.AUTH_SERVICE),
                "--minasidor.customer-service.base-url=" + customerServiceUrl,
                "--minasidor.demo.credentials-file=" + demoCredentials.toAbsolutePath(),
                "--logging.level.root=WARN"));
        var service = new AuthServiceProcess(
                command, port, managementPort, Files.createTempFile("auth-service-bench", ".log"));
        service.restart();
        return service;
    }

    /** Stops the service if it runs, starts it again and waits until it is ready; returns the time to ready. */
    public Duration restart() throws Exception {
        stop();
        var started = System.nanoTime();
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitReady(process, managementUrl() + "/actuator/health/readiness", log);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** Client-credentials with {@code example-team}, logins with the gateway's client (README "Clients"). */
    public OidcClient client() {
        return new OidcClient(
                baseUrl() + "/auth/oauth2/authorize",
                baseUrl() + "/auth/oauth2/token",
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                "customers.read",
                LocalClients.GATEWAY,
                LocalClients.GATEWAY_SECRET,
                LocalClients.GATEWAY_REDIRECT,
                "openid profile customer");
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Polls {@code url} until it answers 200 with "UP" in the body; fails early if the process exits. */
    static void awaitReady(Process process, String url, Path log) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                var response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Not ready after 180 s: " + url + "; see " + log);
    }

    /** Free TCP ports, as the operating system hands them out (none of the local stack's fixed ports). */
    static final class Ports {
        static int free() throws java.io.IOException {
            try (var socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
