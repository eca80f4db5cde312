package se.teknikivast.minasidor.gateway.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import se.teknikivast.minasidor.gateway.BenchmarkSupport;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * {@code GET /api/customers/me} through the gateway (session cookie, TokenRelay) against the same call straight to
 * the backend (bearer token), same concurrency, measured side by side in one run: rounds alternate direct and
 * gateway so a noisy neighbour hurts both alike. The gateway runs as its own JVM from the packaged jar, so its CPU
 * per request is read from /proc. The backend is a minimal real HTTP server standing in for customer-service (see
 * the README, "Benchmark"). Not a test: {@code ./mvnw -pl gateway -am -Pbenchmark verify -DskipTests}.
 */
public final class GatewayBenchmark {

    private static final int CONCURRENCY = Integer.getInteger("concurrency", 8);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("warmup", 10));
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("seconds", 10));
    private static final int ROUNDS = Integer.getInteger("rounds", 2);
    private static final String GATEWAY_OPTS = System.getProperty("gatewayOpts", "-Xmx256m");

    public static void main(String[] args) throws Exception {
        var jar = Path.of(args.length > 0 ? args[0] : "gateway/target/gateway.jar");
        var redis = TestInfrastructure.redis();
        try (var stack = BenchmarkSupport.start(jar, redis.host(), redis.port(), GATEWAY_OPTS)) {
            var client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            var direct = HttpRequest.newBuilder(URI.create(stack.backendUri() + "/api/customers/me"))
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
                    "== GET /api/customers/me, concurrency %d, warm-up %ds, %d rounds of %ds per side, gateway %s%n",
                    CONCURRENCY, WARM_UP.toSeconds(), ROUNDS, ROUND.toSeconds(), GATEWAY_OPTS);
            run(client, direct, WARM_UP);
            run(client, viaGateway, WARM_UP);

            var directLatencies = new ArrayList<Long>();
            var gatewayLatencies = new ArrayList<Long>();
            long directCount = 0;
            long gatewayCount = 0;
            double gatewayCpu = 0;
            for (int round = 0; round < ROUNDS; round++) {
                var d = run(client, direct, ROUND);
                directLatencies.addAll(d.latencies());
                directCount += d.count();
                var cpuBefore = stack.gatewayCpuSeconds();
                var g = run(client, viaGateway, ROUND);
                gatewayCpu += stack.gatewayCpuSeconds() - cpuBefore;
                gatewayLatencies.addAll(g.latencies());
                gatewayCount += g.count();
                System.out.printf(
                        "round %d: direct %.0f req/s p50 %.2f ms | gateway %.0f req/s p50 %.2f ms%n",
                        round + 1, d.throughput(), d.p(50), g.throughput(), g.p(50));
            }
            var seconds = ROUND.toSeconds() * (double) ROUNDS;
            var d = new Result(directLatencies, directCount, seconds);
            var g = new Result(gatewayLatencies, gatewayCount, seconds);
            System.out.printf("direct : %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms%n", d.throughput(), d.p(50), d.p(99));
            System.out.printf(
                    "gateway: %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  gateway CPU %.3f ms/req%n",
                    g.throughput(), g.p(50), g.p(99), 1000 * gatewayCpu / gatewayCount);
            System.out.printf(
                    "gateway adds %.2f ms at p50 (target <= 2 ms); keeps %.0f %% of direct throughput (target >= 70 %%)%n",
                    g.p(50) - d.p(50), 100 * g.throughput() / d.throughput());
        }
    }

    private static void check(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("customerNumber")) {
            throw new IllegalStateException(
                    request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Result run(HttpClient client, HttpRequest request, Duration duration) throws InterruptedException {
        var latencies = Collections.synchronizedList(new ArrayList<Long>());
        var count = new AtomicInteger();
        var errors = new AtomicInteger();
        var end = System.nanoTime() + duration.toNanos();
        var done = new CountDownLatch(CONCURRENCY);
        for (int i = 0; i < CONCURRENCY; i++) {
            Thread.ofPlatform().start(() -> {
                var mine = new ArrayList<Long>();
                while (System.nanoTime() < end) {
                    var start = System.nanoTime();
                    try {
                        var response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        continue;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    mine.add(System.nanoTime() - start);
                }
                latencies.addAll(mine);
                count.addAndGet(mine.size());
                done.countDown();
            });
        }
        done.await();
        if (errors.get() > 0) {
            System.out.printf("  (%d failed requests to %s)%n", errors.get(), request.uri());
        }
        return new Result(new ArrayList<>(latencies), count.get(), duration.toNanos() / 1e9);
    }

    private record Result(List<Long> latencies, long count, double seconds) {

        double throughput() {
            return count / seconds;
        }

        double p(int percentile) {
            var sorted = latencies.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            var index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
            return sorted.get(Math.max(0, index)) / 1e6;
        }
    }
}
