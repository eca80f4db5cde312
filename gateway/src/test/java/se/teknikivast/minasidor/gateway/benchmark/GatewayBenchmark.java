package se.teknikivast.minasidor.gateway.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import se.teknikivast.minasidor.gateway.BenchmarkSupport;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * {@code GET /api/customers/me} through the gateway (session cookie → Spring Session in Redis → TokenRelay → breaker →
 * customer-service) against the same call straight to customer-service with the same access token, at the same
 * concurrency, measured side by side: rounds alternate direct and gateway so a noisy neighbour hurts both alike. Both
 * services are their packaged jars in their own JVMs (customer-service on an embedded PostgreSQL, checking the ES256
 * token on every request), so the CPU per request of each is read from /proc. Runs at several concurrencies; the
 * issue's comparison is the headline at {@code -Dheadline} (8). Not a test: see the README, "Benchmark".
 */
public final class GatewayBenchmark {

    private static final int[] CONCURRENCIES = Arrays.stream(
                    System.getProperty("concurrencies", "1,4,8,16").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    private static final int HEADLINE = Integer.getInteger("headline", 8);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("warmup", 10));
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("seconds", 10));
    private static final int ROUNDS = Integer.getInteger("rounds", 2);
    private static final String GATEWAY_OPTS = System.getProperty("gatewayOpts", "-Xmx256m");
    private static final String CUSTOMER_SERVICE_OPTS = System.getProperty("customerServiceOpts", "-Xmx512m");
    /** Seconds of {@code GET /css/mina-sidor.css} with the session cookie through the gateway afterwards; 0: none. */
    private static final Duration STATIC_FILE = Duration.ofSeconds(Integer.getInteger("staticSeconds", 0));

    private static final String API_BODY = "customerNumber";

    public static void main(String[] args) throws Exception {
        var gatewayJar = Path.of(args.length > 0 ? args[0] : "gateway/target/gateway.jar");
        var customerServiceJar = Path.of(args.length > 1 ? args[1] : "customer-service/target/customer-service.jar");
        if (!Files.exists(customerServiceJar)) {
            throw new IllegalStateException(customerServiceJar
                    + " is missing: package customer-service first (./mvnw -pl customer-service -am package"
                    + " -DskipTests)");
        }
        var loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        var redis = TestInfrastructure.redis();
        try (var stack = BenchmarkSupport.start(
                gatewayJar, customerServiceJar, redis.host(), redis.port(), GATEWAY_OPTS, CUSTOMER_SERVICE_OPTS)) {
            var client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            var direct = HttpRequest.newBuilder(URI.create(stack.customerServiceUri() + "/api/customers/me"))
                    .header("Authorization", "Bearer " + stack.accessToken())
                    .header("Accept", "application/json")
                    .build();
            var viaGateway = HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/api/customers/me"))
                    .header("Cookie", stack.sessionCookie())
                    .header("Accept", "application/json")
                    .build();
            check(client, direct);
            check(client, viaGateway);

            System.out.printf(
                    "== GET /api/customers/me: direct to customer-service (bearer token) vs through the gateway"
                            + " (session cookie), same token%n"
                            + "   concurrencies %s, warm-up %d s per side, %d rounds of %d s per side and concurrency,"
                            + " gateway %s, customer-service %s, %d cores, load average before: %s%n",
                    Arrays.toString(CONCURRENCIES),
                    WARM_UP.toSeconds(),
                    ROUNDS,
                    ROUND.toSeconds(),
                    GATEWAY_OPTS,
                    CUSTOMER_SERVICE_OPTS,
                    Runtime.getRuntime().availableProcessors(),
                    loadBefore);
            if (!System.getProperty("gatewayCpus", "").isBlank()) {
                System.out.printf(
                        "   PINNED: gateway on CPU(s) %s; this JVM (load generator), customer-service, PostgreSQL and"
                                + " Redis where this JVM was started (taskset of the command)%n",
                        System.getProperty("gatewayCpus"));
            }
            int warmUpConcurrency = Arrays.stream(CONCURRENCIES).max().orElse(8);
            run(client, direct, WARM_UP, warmUpConcurrency);
            run(client, viaGateway, WARM_UP, warmUpConcurrency);

            var rows = new ArrayList<Comparison>();
            for (int concurrency : CONCURRENCIES) {
                run(client, direct, SETTLE, concurrency);
                run(client, viaGateway, SETTLE, concurrency);
                var directSide = new Side();
                var gatewaySide = new Side();
                for (int round = 0; round < ROUNDS; round++) {
                    measure(stack, client, direct, concurrency, directSide);
                    measure(stack, client, viaGateway, concurrency, gatewaySide);
                }
                var row = new Comparison(concurrency, directSide.result(), gatewaySide.result());
                rows.add(row);
                System.out.printf(
                        "  c=%-3d direct %6.0f req/s p50 %6.2f ms | gateway %6.0f req/s p50 %6.2f ms%n",
                        concurrency,
                        row.direct().throughput(),
                        row.direct().p50(),
                        row.gateway().throughput(),
                        row.gateway().p50());
            }

            System.out.println();
            System.out.println(
                    "| concurrency | side | req/s | p50 | p99 | gateway CPU/req | customer-service CPU/req |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (var row : rows) {
                print(row.concurrency(), "direct", row.direct());
                print(row.concurrency(), "gateway", row.gateway());
            }
            System.out.println();
            System.out.println("| concurrency | gateway adds at p50 | gateway keeps of direct throughput |");
            System.out.println("|---|---|---|");
            for (var row : rows) {
                System.out.printf(
                        "| %d | %+.2f ms | %.0f %% |%n", row.concurrency(), row.addedP50(), row.keptThroughput());
            }
            rows.stream()
                    .filter(row -> row.concurrency() == HEADLINE)
                    .findFirst()
                    .ifPresent(row -> System.out.printf(
                            "%nHEADLINE (concurrency %d, same token): the gateway adds %.2f ms at p50 (target <= 2 ms:"
                                    + " %s) and keeps %.0f %% of direct throughput (target >= 70 %%: %s)%n",
                            row.concurrency(),
                            row.addedP50(),
                            row.addedP50() <= 2 ? "met" : "NOT met",
                            row.keptThroughput(),
                            row.keptThroughput() >= 70 ? "met" : "NOT met"));
            if (!STATIC_FILE.isZero()) {
                staticFile(stack, client);
            }
            System.out.printf(
                    "load average after: %s%n",
                    Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    /**
     * A static file through the gateway with the session cookie, as a logged-in browser fetches it: the gateway's own
     * stylesheet, so no backend is involved and the figure is the gateway's cost for it (session or not).
     */
    private static void staticFile(BenchmarkSupport stack, HttpClient client) throws IOException, InterruptedException {
        var css = HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/css/mina-sidor.css"))
                .header("Cookie", stack.sessionCookie())
                .header("Accept", "text/css")
                .build();
        run(client, css, SETTLE, HEADLINE, "{");
        var side = new Side();
        var gatewayBefore = stack.gatewayCpuSeconds();
        var run = run(client, css, STATIC_FILE, HEADLINE, "{");
        side.gatewayCpu = stack.gatewayCpuSeconds() - gatewayBefore;
        side.latencies.addAll(run.latencies());
        side.seconds = STATIC_FILE.toNanos() / 1e9;
        var result = side.result();
        System.out.printf(
                "%nSTATIC FILE (GET /css/mina-sidor.css with the session cookie, concurrency %d, %d s): %.0f req/s,"
                        + " p50 %.2f ms, p99 %.2f ms, gateway CPU %.3f ms per request, %d failed%n",
                HEADLINE,
                STATIC_FILE.toSeconds(),
                result.throughput(),
                result.p50(),
                result.p99(),
                result.gatewayCpuPerRequest(),
                run.failures());
    }

    private static void print(int concurrency, String side, Result result) {
        System.out.printf(
                "| %d | %s | %.0f | %.2f ms | %.2f ms | %s | %.3f ms |%n",
                concurrency,
                side,
                result.throughput(),
                result.p50(),
                result.p99(),
                side.equals("direct") ? "–" : "%.3f ms".formatted(result.gatewayCpuPerRequest()),
                result.customerServiceCpuPerRequest());
    }

    private static void measure(
            BenchmarkSupport stack, HttpClient client, HttpRequest request, int concurrency, Side side)
            throws IOException, InterruptedException {
        var gatewayBefore = stack.gatewayCpuSeconds();
        var customersBefore = stack.customerServiceCpuSeconds();
        var run = run(client, request, ROUND, concurrency);
        side.gatewayCpu += stack.gatewayCpuSeconds() - gatewayBefore;
        side.customerServiceCpu += stack.customerServiceCpuSeconds() - customersBefore;
        side.latencies.addAll(run.latencies());
        side.failures += run.failures();
        side.seconds += ROUND.toNanos() / 1e9;
    }

    private static void check(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"customerNumber\":\"100003\"")) {
            throw new IllegalStateException(
                    request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Run run(HttpClient client, HttpRequest request, Duration duration, int concurrency)
            throws InterruptedException {
        return run(client, request, duration, concurrency, API_BODY);
    }

    private static Run run(
            HttpClient client, HttpRequest request, Duration duration, int concurrency, String expectedInBody)
            throws InterruptedException {
        var latencies = new ArrayList<Long>();
        var errors = new AtomicInteger();
        var end = System.nanoTime() + duration.toNanos();
        var done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            Thread.ofPlatform().start(() -> {
                var mine = new ArrayList<Long>();
                while (System.nanoTime() < end) {
                    var start = System.nanoTime();
                    try {
                        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains(expectedInBody)) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        continue;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    mine.add(System.nanoTime() - start);
                }
                synchronized (latencies) {
                    latencies.addAll(mine);
                }
                done.countDown();
            });
        }
        done.await();
        if (errors.get() > 0) {
            System.out.printf("  (%d failed requests to %s)%n", errors.get(), request.uri());
        }
        return new Run(latencies, errors.get());
    }

    private record Run(List<Long> latencies, int failures) {}

    private static final class Side {
        final List<Long> latencies = new ArrayList<>();
        double gatewayCpu;
        double customerServiceCpu;
        double seconds;
        int failures;

        Result result() {
            var sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(sorted, seconds, gatewayCpu, customerServiceCpu, failures);
        }
    }

    private record Result(long[] sorted, double seconds, double gatewayCpu, double customerServiceCpu, int failures) {

        double throughput() {
            return sorted.length / seconds;
        }

        double p50() {
            return percentile(50);
        }

        double p99() {
            return percentile(99);
        }

        double percentile(int percentile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            var index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }

        double gatewayCpuPerRequest() {
            return 1000 * gatewayCpu / sorted.length;
        }

        double customerServiceCpuPerRequest() {
            return 1000 * customerServiceCpu / sorted.length;
        }
    }

    private record Comparison(int concurrency, Result direct, Result gateway) {

        double addedP50() {
            return gateway.p50() - direct.p50();
        }

        double keptThroughput() {
            return 100 * gateway.throughput() / direct.throughput();
        }
    }
}
