package se.teknikivast.minasidor.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's stage: a stand-in auth-service to log in with, a minimal customer-service, and the packaged
 * gateway as a separate process; the session cookie and the access token for the two sides of the comparison.
 */
public final class BenchmarkSupport implements AutoCloseable {

    private final FakeAuthorizationServer auth;
    private final FakeBackend customers;
    private final Process gateway;
    private final String gatewayUri;
    private final String sessionCookie;
    private final String accessToken;

    private BenchmarkSupport(
            FakeAuthorizationServer auth,
            FakeBackend customers,
            Process gateway,
            String gatewayUri,
            String sessionCookie,
            String accessToken) {
        this.auth = auth;
        this.customers = customers;
        this.gateway = gateway;
        this.gatewayUri = gatewayUri;
        this.sessionCookie = sessionCookie;
        this.accessToken = accessToken;
    }

    public static BenchmarkSupport start(Path jar, String redisHost, int redisPort, String jvmOptions)
            throws IOException, InterruptedException {
        var auth = new FakeAuthorizationServer();
        var customers = new FakeBackend().on("/api/customers/me", exchange -> {
            var authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!authorization.startsWith("Bearer ") || !auth.isValidAccessToken(authorization.substring(7))) {
                FakeBackend.respond(exchange, 401, "application/problem+json", "{\"code\":\"unauthorized\"}");
                return;
            }
            FakeBackend.respond(
                    exchange,
                    200,
                    "application/json",
                    "{\"customerNumber\":\"100003\",\"type\":\"COMPANY\",\"name\":\"Västkustens Kraft AB\","
                            + "\"maskedEmail\":\"e***@example.se\"}");
        });
        int port = Gateways.freePort();
        var gatewayUri = "http://localhost:" + port;
        var issuer = gatewayUri + "/auth";
        auth.issuer(issuer);
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.split(" ")));
        command.addAll(List.of(
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--spring.data.redis.host=" + redisHost,
                "--spring.data.redis.port=" + redisPort,
                "--server.reactive.session.cookie.secure=false",
                "--MINASIDOR_AUTH_SERVICE_URI=" + auth.baseUri(),
                "--MINASIDOR_CUSTOMER_SERVICE_URI=" + customers.baseUri(),
                "--MINASIDOR_ISSUER=" + issuer,
                "--MINASIDOR_JWKS_URI=" + auth.baseUri() + "/auth/oauth2/jwks",
                "--MINASIDOR_GATEWAY_CLIENT_SECRET=" + FakeAuthorizationServer.CLIENT_SECRET,
                "--logging.level.root=WARN"));
        var log = Files.createTempFile("gateway-benchmark", ".log");
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        waitUntilUp(gatewayUri, process, log);

        var browser = new Browser();
        var start = browser.get(gatewayUri + "/");
        var authorization = browser.get(gatewayUri + Browser.location(start));
        var callback = browser.get(Browser.location(authorization));
        browser.get(Browser.location(callback));
        var cookie = browser.cookie("MINASIDOR_SESSION");
        if (cookie == null) {
            throw new IllegalStateException("Login through the gateway failed; see " + log);
        }
        return new BenchmarkSupport(
                auth, customers, process, gatewayUri, "MINASIDOR_SESSION=" + cookie, auth.lastAccessToken());
    }

    private static void waitUntilUp(String uri, Process process, Path log) throws InterruptedException {
        var client = HttpClient.newHttpClient();
        var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The gateway exited; see " + log);
            }
            try {
                var response = client.send(
                        HttpRequest.newBuilder(URI.create(uri + "/actuator/health/readiness"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The gateway did not start; see " + log);
    }

    public String gatewayUri() {
        return gatewayUri;
    }

    public String backendUri() {
        return customers.baseUri();
    }

    public String sessionCookie() {
        return sessionCookie;
    }

    public String accessToken() {
        return accessToken;
    }

    /** User + system CPU time of the gateway process so far (Linux /proc, clock ticks of 10 ms). */
    public double gatewayCpuSeconds() throws IOException {
        var stat = Files.readString(Path.of("/proc", String.valueOf(gateway.pid()), "stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    @Override
    public void close() {
        gateway.destroy();
        try {
            gateway.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        customers.close();
        auth.close();
    }
}
