package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;

/**
 * The scaled-out stack's balancer, as {@code ./mina-sidor up --instances=N} writes and starts it, with Debian's
 * HAProxy (installed by .ci/run; without it these tests fail in CI and are skipped elsewhere) in front of two small
 * instances that answer like services: their name on the public port, readiness on the management port (+10000).
 */
class LoadBalancerTests {

    private static final Path ROOT = root();

    @TempDir
    Path state;

    private final List<Instance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private LoadBalancer balancer;
    private int frontend;
    private int statsPort;

    @BeforeEach
    void startTwoInstancesBehindTheBalancer() throws IOException {
        var haproxy = LoadBalancer.executable();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(haproxy)
                    .as("HAProxy (.ci/run installs Debian's haproxy)")
                    .isPresent();
        }
        assumeTrue(haproxy.isPresent(), "HAProxy is not installed (apt-get install haproxy)");
        frontend = freePortPair();
        var group = new ServiceDefinition("gateway", "gateway", frontend, "", List.of(), List.of());
        var members = new ArrayList<ServiceDefinition>();
        for (int i = 1; i <= 2; i++) {
            var instance = new Instance("gateway-" + i, freePortPair());
            instances.add(instance);
            members.add(new ServiceDefinition("gateway", instance.name, instance.port, "", List.of(), List.of()));
        }
        var groups = new LinkedHashMap<ServiceDefinition, List<ServiceDefinition>>();
        groups.put(group, members);
        Files.createDirectories(state.resolve("logs"));
        balancer = LoadBalancer.start(
                ROOT,
                state,
                state.resolve("logs"),
                groups,
                null,
                new ProcessRecords(state.resolve("pids")),
                System.out,
                statsPort = Ports.freePort(),
                Ports.freePort());
        Awaitility.await("both instances marked UP")
                .atMost(Duration.ofSeconds(10))
                .until(() -> IntStream.range(0, 6)
                                .mapToObj(i -> get().body())
                                .distinct()
                                .count()
                        == 2);
    }

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.close();
        }
        instances.forEach(Instance::stop);
    }

    @Test
    void theConfigurationOfAWholeScaledOutStackIsOneHaproxyAccepts() throws Exception {
        var groups = new LinkedHashMap<ServiceDefinition, List<ServiceDefinition>>();
        ServiceDefinition.all(ROOT)
                .forEach(s -> groups.put(
                        s, IntStream.rangeClosed(1, 3).mapToObj(s::instance).toList()));
        var pages = LoadBalancer.writeErrorPages(ROOT, Files.createDirectories(state.resolve("pages")));
        var config = state.resolve("all.cfg");
        Files.writeString(config, LoadBalancer.configuration(groups, ServiceDefinition.simulator(), pages));

        var check = new ProcessBuilder(
                        LoadBalancer.executable().orElseThrow().toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true)
                .start();
        var output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(output).isZero();
        assertThat(Files.readString(config))
                .contains("server auth-service-3 127.0.0.1:9300 check port 19300")
                .contains("use_backend bankid-simulator if bankid_itself")
                .contains("bind 127.0.0.1:8080")
                .contains("http-request set-header X-Forwarded-For %[src]");
    }

    @Test
    void roundRobinOverBothAndNoRequestLostWhenOneDiesBetweenRequests() throws Exception {
        var answers = IntStream.range(0, 10).mapToObj(i -> get().body()).toList();
        assertThat(answers).containsOnly("gateway-1", "gateway-2").contains("gateway-1", "gateway-2");

        instances.getFirst().stop();
        // Not yet marked down: a refused connection is sent again to the other instance, a POST as well.
        for (int i = 0; i < 20; i++) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/login"))
                            .POST(HttpRequest.BodyPublishers.ofString("username=100001"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("gateway-2");
        }
        Awaitility.await("gateway-1 marked DOWN")
                .atMost(Duration.ofSeconds(5))
                .until(() -> serverState("gateway-1").startsWith("DOWN"));
    }

    @Test
    void aPostInFlightOnAnInstanceThatDiesGetsTheSwedishTryAgainPageAndIsNotSentTwice() throws Exception {
        var slow = instances.getFirst();
        slow.hangOnSlow = true;
        var responses = new java.util.concurrent.CopyOnWriteArrayList<HttpResponse<String>>();
        var sent = Thread.ofVirtual().start(() -> {
            // Round robin: one of two reaches the first instance and hangs there until it dies. A POST: one that
            // reached an instance is never sent again (it may have been done). Each on a new connection, as a
            // browser's first request: on a kept-alive one HAProxy closes without an answer instead, as the instance
            // did, so that the browser's rule for a connection closed under it applies.
            for (int i = 0; i < 2; i++) {
                try (var fresh = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
                    responses.add(fresh.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/slow"))
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.ofString("username=100001"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertThat(slow.hanging.await(5, TimeUnit.SECONDS)).isTrue();
        slow.stop();
        sent.join(Duration.ofSeconds(10));

        assertThat(responses).hasSize(2);
        var failed = responses.stream().filter(r -> r.statusCode() != 200).toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().statusCode()).isEqualTo(502);
        assertThat(failed.getFirst().headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(failed.getFirst().body())
                .contains("<html lang=\"sv\">")
                .contains("Försök igen")
                .doesNotContain("HAProxy");
        assertThat(slow.slowRequests.get()).isEqualTo(1);
    }

    private HttpResponse<String> get() {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String serverState(String server) throws Exception {
        var csv = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/;csv"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return csv.lines()
                .map(line -> line.split(","))
                .filter(fields -> fields.length > 17 && fields[1].equals(server))
                .map(fields -> fields[17])
                .findFirst()
                .orElse("");
    }

    /** A free port whose management port (+10000) is free too. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            // Below the ephemeral range (32768…), where outgoing connections take ports that no listener shows.
            int port = 20000 + (int) (Math.random() * 12000);
            if (!Ports.isListening(port) && !Ports.isListening(port + ServiceDefinition.MANAGEMENT_PORT_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    private static Path root() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mina-sidor"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** An instance: its name on every public request, readiness UP on the management port. */
    private static final class Instance {
        final String name;
        final int port;
        final HttpServer publicPort;
        final HttpServer management;
        final CountDownLatch hanging = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger slowRequests = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean hangOnSlow;

        Instance(String name, int port) throws IOException {
            this.name = name;
            this.port = port;
            var loopback = InetAddress.getLoopbackAddress();
            publicPort = HttpServer.create(new InetSocketAddress(loopback, port), 0);
            publicPort.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (hangOnSlow && exchange.getRequestURI().getPath().equals("/slow")) {
                    slowRequests.incrementAndGet();
                    hanging.countDown();
                    try {
                        Thread.sleep(Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                var body = name.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            publicPort.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            publicPort.start();
            management = HttpServer.create(
                    new InetSocketAddress(loopback, port + ServiceDefinition.MANAGEMENT_PORT_OFFSET), 0);
            management.createContext(LoadBalancer.HEALTH_PATH, exchange -> {
                var body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            management.start();
        }

        void stop() {
            publicPort.stop(0);
            management.stop(0);
        }
    }
}
