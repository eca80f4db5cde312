package se.teknikivast.minasidor.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import se.teknikivast.minasidor.infrastructure.embedded.PostgresServer;

/**
 * The benchmark's stage: a stand-in auth-service to log in with (ES256 tokens, its JWKS), the real customer-service
 * (its packaged jar, with an embedded PostgreSQL holding the demo company 100003) and the packaged gateway, each as its
 * own process; the session cookie and the access token for the two sides of the comparison.
 */
public final class BenchmarkSupport implements AutoCloseable {

    private static final String COMPANY = """
            {"customerNumber":"100003","type":"COMPANY","name":"Västkustens Kraft AB",\
            "identityNumber":"165566778899","email":"ekonomi@example.se"}
            """;

    private final FakeAuthorizationServer auth;
    private final PostgresServer postgres;
    private final Process customerService;
    private final String customerServiceUri;
    private final Process gateway;
    private final String gatewayUri;
    private final String sessionCookie;
    private final String accessToken;

    private BenchmarkSupport(
            FakeAuthorizationServer auth,
            PostgresServer postgres,
            Process customerService,
            String customerServiceUri,
            Process gateway,
            String gatewayUri,
            String sessionCookie,
            String accessToken) {
        this.auth = auth;
        this.postgres = postgres;
        this.customerService = customerService;
        this.customerServiceUri = customerServiceUri;
        this.gateway = gateway;
        this.gatewayUri = gatewayUri;
        this.sessionCookie = sessionCookie;
        this.accessToken = accessToken;
    }

    /**
     * @param gatewayJar the packaged gateway
     * @param customerServiceJar the packaged customer-service
     * @param gatewayOptions JVM options of the gateway, e.g. {@code -Xmx256m}
     * @param customerServiceOptions JVM options of customer-service, e.g. {@code -Xmx512m} (as its own benchmark)
     */
    public static BenchmarkSupport start(
            Path gatewayJar,
            Path customerServiceJar,
            String redisHost,
            int redisPort,
            String gatewayOptions,
            String customerServiceOptions)
            throws IOException, InterruptedException {
        var auth = new FakeAuthorizationServer();
        // Long enough for the whole run: both sides use the one token; the gateway would otherwise refresh it.
        auth.tokenLifetime(Duration.ofHours(2));
        int gatewayPort = Gateways.freePort();
        int gatewayManagementPort = Gateways.freePort();
        var gatewayUri = "http://localhost:" + gatewayPort;
        var issuer = gatewayUri + "/auth";
        auth.issuer(issuer);

        var postgres = PostgresServer.startEphemeral();
        var database = postgres.createDatabase("customers_gateway_benchmark");
        int customersPort = Gateways.freePort();
        int customersManagementPort = Gateways.freePort();
        var customersUri = "http://localhost:" + customersPort;
        var customersLog = Files.createTempFile("customer-service-gateway-benchmark", ".log");
        var customers = java(
                "",
                customerServiceJar,
                customerServiceOptions,
                customersLog,
                "--server.port=" + customersPort,
                "--management.server.port=" + customersManagementPort,
                // The demo secrets: a benchmark is a local run.
                "--spring.profiles.active=local",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + auth.baseUri() + "/auth/oauth2/jwks",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                // Nothing it does here publishes events.
                "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                "--logging.level.root=WARN");

        var gatewayLog = Files.createTempFile("gateway-benchmark", ".log");
        var gateway = java(
                GATEWAY_CPUS,
                gatewayJar,
                gatewayOptions,
                gatewayLog,
                "--server.port=" + gatewayPort,
                "--management.server.port=" + gatewayManagementPort,
                "--spring.profiles.active=local",
                "--spring.data.redis.host=" + redisHost,
                "--spring.data.redis.port=" + redisPort,
                "--server.reactive.session.cookie.secure=false",
                "--MINASIDOR_AUTH_SERVICE_URI=" + auth.baseUri(),
                "--MINASIDOR_CUSTOMER_SERVICE_URI=" + customersUri,
                "--MINASIDOR_ISSUER=" + issuer,
                "--MINASIDOR_JWKS_URI=" + auth.baseUri() + "/auth/oauth2/jwks",
                "--MINASIDOR_GATEWAY_CLIENT_SECRET=" + FakeAuthorizationServer.CLIENT_SECRET,
                // No broker in the benchmark: the auth.events.v1 consumer waits in the background (10 s back-off).
                "--spring.kafka.bootstrap-servers=" + Gateways.KAFKA_DOWN,
                "--logging.level.root=WARN");
        waitUntilUp(customersManagementPort, customers, customersLog);
        waitUntilUp(gatewayManagementPort, gateway, gatewayLog);

        importCompany(customersUri, auth.clientToken("gateway-benchmark", "customers.admin"), customersLog);

        auth.subject("100003");
        var browser = new Browser();
        var start = browser.get(gatewayUri + "/");
        var authorization = browser.get(gatewayUri + Browser.location(start));
        var callback = browser.get(Browser.location(authorization));
        browser.get(Browser.location(callback));
        var cookie = browser.cookie("__Host-MINASIDOR_SESSION");
        if (cookie == null) {
            throw new IllegalStateException("Login through the gateway failed; see " + gatewayLog);
        }
        System.out.println("logs: gateway " + gatewayLog + ", customer-service " + customersLog);
        return new BenchmarkSupport(
                auth,
                postgres,
                customers,
                customersUri,
                gateway,
                gatewayUri,
                "__Host-MINASIDOR_SESSION=" + cookie,
                auth.lastAccessToken());
    }

    /**
     * {@code -DgatewayCpus=0}: the gateway's JVM pinned to these CPUs (for a run that starts the benchmark itself under
     * {@code taskset -c 1}, so the load generator, customer-service, PostgreSQL and Redis share the other core and the
     * gateway's own cost shows without it taking the backend's CPU). Empty (the default): no pinning.
     */
    private static final String GATEWAY_CPUS = System.getProperty("gatewayCpus", "");

    /** Runs a private copy of the jar: others may rebuild {@code target/} while the benchmark runs. */
    private static Process java(String cpus, Path jar, String options, Path log, String... arguments)
            throws IOException {
        var copy = Files.createTempFile(jar.getFileName().toString().replace(".jar", "-"), ".jar");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().deleteOnExit();
        var command = new ArrayList<String>();
        if (!cpus.isBlank()) {
            // Pinned (taskset execs java, so the pid is the JVM's and /proc/<pid>/stat still counts its CPU).
            command.addAll(List.of("taskset", "-c", cpus.strip()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options.trim().split("\\s+")));
        command.addAll(List.of("-jar", copy.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void importCompany(String customersUri, String adminToken, Path log)
            throws IOException, InterruptedException {
        var client = HttpClient.newHttpClient();
        // The first token makes customer-service fetch the JWKS; on a busy machine that may take a few tries.
        for (int attempt = 0; attempt < 20; attempt++) {
            var response = client.send(
                    HttpRequest.newBuilder(URI.create(customersUri + "/internal/customers/import"))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(COMPANY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("customer-service did not import the benchmark's customer; see " + log);
    }

    private static void waitUntilUp(int managementPort, Process process, Path log) throws InterruptedException {
        var uri = "http://localhost:" + managementPort;
        var client = HttpClient.newHttpClient();
        var deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(uri + " exited; see " + log);
            }
            try {
                var response = client.send(
                        HttpRequest.newBuilder(URI.create(uri + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(uri + " did not start; see " + log);
    }

    public String gatewayUri() {
        return gatewayUri;
    }

    public String customerServiceUri() {
        return customerServiceUri;
    }

    public String sessionCookie() {
        return sessionCookie;
    }

    public String accessToken() {
        return accessToken;
    }

    /** User + system CPU seconds of the gateway process so far. */
    public double gatewayCpuSeconds() throws IOException {
        return cpuSeconds(gateway);
    }

    /** User + system CPU seconds of the customer-service process so far. */
    public double customerServiceCpuSeconds() throws IOException {
        return cpuSeconds(customerService);
    }

    /** Linux /proc/&lt;pid&gt;/stat fields 14 and 15, in clock ticks of 10 ms. */
    private static double cpuSeconds(Process process) throws IOException {
        var stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    @Override
    public void close() {
        for (var process : List.of(gateway, customerService)) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        postgres.close();
        auth.close();
    }
}
