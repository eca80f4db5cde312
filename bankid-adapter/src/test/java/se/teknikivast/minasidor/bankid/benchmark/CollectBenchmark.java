package se.teknikivast.minasidor.bankid.benchmark;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import se.teknikivast.minasidor.bankid.support.TestTokens;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * 1,000 concurrent pending identifications, each collected every 2 s through the adapter, against the simulator.
 *
 * <p>Three processes, so the adapter's CPU is its own: the simulator (the packaged jar, profile simulator), the
 * adapter (the packaged jar, no simulator, RP API over http to the simulator, tokens checked against a JWKS this
 * program serves) and this load generator. Redis is the embedded test server. Run with:
 *
 * <pre>./mvnw -pl bankid-adapter -am -Pbenchmark verify -DskipTests</pre>
 */
public final class CollectBenchmark {

    static final int ORDERS = Integer.getInteger("orders", 1000);
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("warmUpSeconds", 20));
    static final Duration MEASURE = Duration.ofSeconds(Long.getLong("measureSeconds", 60));

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    public static void main(String[] args) throws Exception {
        LOAD_BEFORE = loadAverage();
        var jar = Path.of(args.length > 0 ? args[0] : "bankid-adapter/target/bankid-adapter.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the jar first: " + jar);
        }
        // Run a private copy: others may rebuild target/bankid-adapter.jar while the benchmark runs.
        var copy = Files.createTempFile("bankid-adapter-benchmark", ".jar");
        copy.toFile().deleteOnExit();
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        logDir = jar.toAbsolutePath().getParent();
        jar = copy;
        var redis = TestInfrastructure.redis();
        var jwks = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        // ES256 like auth-service's tokens, verified with the adapter's default configuration.
        var jwksBody = TestTokens.jwks().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwksBody.length);
            exchange.getResponseBody().write(jwksBody);
            exchange.close();
        });
        jwks.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        jwks.start();

        int simulatorPort = Ports.freePort();
        int adapterPort = Ports.freePort();
        int simulatorManagementPort = Ports.freePort();
        int adapterManagementPort = Ports.freePort();
        var common = List.of(
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://localhost:"
                        + jwks.getAddress().getPort() + "/jwks",
                "--logging.level.root=WARN");
        Process simulator = null;
        Process adapter = null;
        try {
            simulator = launch(
                    jar,
                    "simulator",
                    "-Xmx384m",
                    common,
                    "--server.port=" + simulatorPort,
                    "--management.server.port=" + simulatorManagementPort,
                    // The simulator runs only with the local profile.
                    "--spring.profiles.active=local,simulator",
                    "--minasidor.bankid.order.key-prefix=bench-sim:");
            adapter = launch(
                    jar,
                    "adapter",
                    "-Xmx512m",
                    common,
                    "--server.port=" + adapterPort,
                    "--management.server.port=" + adapterManagementPort,
                    "--spring.profiles.active=local",
                    "--minasidor.bankid.rp.base-url=http://localhost:" + simulatorPort + "/rp/v6.0",
                    "--minasidor.bankid.order.key-prefix=bench-" + System.nanoTime() + ":");
            awaitReady(simulatorManagementPort);
            awaitReady(adapterManagementPort);
            run(
                    "http://localhost:" + adapterPort,
                    "http://localhost:" + adapterManagementPort,
                    "http://localhost:" + simulatorPort,
                    adapter,
                    simulator);
        } finally {
            for (var process : new Process[] {adapter, simulator}) {
                if (process != null) {
                    // Gracefully first, so a flight recording is written on exit.
                    process.destroy();
                    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                }
            }
            jwks.stop(0);
        }
        System.exit(0);
    }

    private static void run(
            String adapter,
            String adapterManagement,
            String simulator,
            Process adapterProcess,
            Process simulatorProcess)
            throws Exception {
        // One token for every call, as auth-service does (its client-credentials token, renewed every 4 minutes).
        var token = TestTokens.withScope("bankid");
        System.out.printf("Starting %d identifications and scanning their QR codes…%n", ORDERS);
        // Warm the adapter → simulator path first: cold JIT on a busy machine times out and opens the breaker.
        for (int i = 0; i < 50; i++) {
            var warm = startWithRetry(adapter, token, i);
            post(adapter + "/api/identifications/" + field(warm.body(), "orderRef") + "/cancel", token, null);
        }
        var orderRefs = new ConcurrentLinkedQueue<String>();
        var gate = new Semaphore(16);
        try (var starters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < ORDERS; i++) {
                int n = i;
                starters.submit(() -> {
                    gate.acquireUninterruptibly();
                    try {
                        var started = startWithRetry(adapter, token, n);
                        var orderRef = field(started.body(), "orderRef");
                        var qr = get(adapter + "/api/identifications/" + orderRef + "/qr", token);
                        // A distinct holder per order: a second order for the same person would cancel the first.
                        var scanned = post(
                                simulator + "/simulator/api/scan",
                                null,
                                "{\"qrData\":\"" + field(qr.body(), "qrData") + "\",\"personalNumber\":\""
                                        + personalNumber(n) + "\"}");
                        if (started.statusCode() == 201 && scanned.statusCode() == 200) {
                            orderRefs.add(orderRef);
                        }
                    } finally {
                        gate.release();
                    }
                    return null;
                });
            }
        }
        System.out.printf(
                "%d orders pending (userSign). Warm-up %ds, then measuring %ds…%n",
                orderRefs.size(), WARM_UP.toSeconds(), MEASURE.toSeconds());

        long begin = System.nanoTime();
        long measureFrom = begin + WARM_UP.toNanos();
        long end = measureFrom + MEASURE.toNanos();
        var latencies = new ConcurrentLinkedQueue<long[]>();
        var errors = new AtomicLong();
        var cpuAtStart = new long[3];
        var metricsAtStart = new String[1];
        var cpuMarker = Thread.ofVirtual().start(() -> {
            sleepUntil(measureFrom);
            cpuAtStart[0] = cpuNanos(adapterProcess);
            cpuAtStart[1] = cpuNanos(simulatorProcess);
            cpuAtStart[2] = cpuNanos(ProcessHandle.current());
            metricsAtStart[0] =
                    get(adapterManagement + "/actuator/prometheus", null).body();
        });
        try (var collectors = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var orderRef : orderRefs) {
                collectors.submit(() -> {
                    var mine = new long[(int) (MEASURE.toSeconds() / INTERVAL.toSeconds() + 2)];
                    int count = 0;
                    // Spread the orders evenly over the 2 s interval, like customers arriving at random times.
                    long next = begin + ThreadLocalRandom.current().nextLong(INTERVAL.toNanos());
                    while (next < end) {
                        sleepUntil(next);
                        long t0 = System.nanoTime();
                        var answer = post(adapter + "/api/identifications/" + orderRef + "/collect", token, null);
                        long took = System.nanoTime() - t0;
                        if (answer.statusCode() != 200 || !answer.body().contains("\"pending\"")) {
                            errors.incrementAndGet();
                        }
                        if (t0 >= measureFrom && count < mine.length) {
                            mine[count++] = took;
                        }
                        next += INTERVAL.toNanos();
                    }
                    latencies.add(Arrays.copyOf(mine, count));
                    return null;
                });
            }
        }
        cpuMarker.join();
        long adapterCpu = cpuNanos(adapterProcess) - cpuAtStart[0];
        long simulatorCpu = cpuNanos(simulatorProcess) - cpuAtStart[1];
        long generatorCpu = cpuNanos(ProcessHandle.current()) - cpuAtStart[2];

        var all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        var metrics = get(adapterManagement + "/actuator/prometheus", null).body();
        // The adapter's own timer over the measured window only (the end minus the start of the window).
        var source = new SourceStats[2];
        int i = 0;
        for (var name : List.of("bankid", "cache")) {
            source[i++] = SourceStats.between(metricsAtStart[0], metrics, name);
        }

        System.out.println();
        System.out.println("=== bankid-adapter collect benchmark ===");
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores; adapter -Xmx512m, simulator -Xmx384m, Redis embedded 6.2%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf(
                Locale.ROOT,
                "pending orders: %d, collect every %ds each, measured %ds after %ds warm-up%n",
                orderRefs.size(),
                INTERVAL.toSeconds(),
                MEASURE.toSeconds(),
                WARM_UP.toSeconds());
        System.out.printf(
                Locale.ROOT,
                "collects measured: %d (%.0f/s), errors/non-pending answers (whole run): %d%n",
                all.length,
                all.length / (double) MEASURE.toSeconds(),
                errors.get());
        System.out.printf(
                Locale.ROOT,
                "adapter collect latency (client-observed, loopback HTTP): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ms(pct(all, 50)),
                ms(pct(all, 95)),
                ms(pct(all, 99)),
                ms(all.length == 0 ? 0 : all[all.length - 1]));
        for (var stats : source) {
            System.out.printf(
                    Locale.ROOT,
                    "adapter-side bankid_collect_seconds{source=%s}, measured window: %.0f collects, mean %.1f ms,"
                            + " p99 <= %s%n",
                    stats.source(),
                    stats.count(),
                    stats.meanMillis(),
                    stats.p99Bucket());
        }
        System.out.printf(
                Locale.ROOT,
                "adapter CPU: %.2f s over %ds = %.3f ms CPU per collect (%.0f%% of one core)%n",
                adapterCpu / 1e9,
                MEASURE.toSeconds(),
                adapterCpu / 1e6 / Math.max(1, all.length),
                100.0 * adapterCpu / MEASURE.toNanos());
        System.out.printf(
                Locale.ROOT,
                "simulator CPU: %.2f s over %ds (%.0f%% of one core)%n",
                simulatorCpu / 1e9,
                MEASURE.toSeconds(),
                100.0 * simulatorCpu / MEASURE.toNanos());
        System.out.printf(
                Locale.ROOT,
                "load generator CPU (this JVM): %.2f s over %ds (%.0f%% of one core)%n",
                generatorCpu / 1e9,
                MEASURE.toSeconds(),
                100.0 * generatorCpu / MEASURE.toNanos());
        System.out.printf(Locale.ROOT, "load average before the run: %s%n", LOAD_BEFORE);
        System.out.printf(Locale.ROOT, "target p99 < 50 ms: %s%n", ms(pct(all, 99)) < 50 ? "met" : "NOT met");
    }

    private static HttpResponse<String> startWithRetry(String adapter, String token, int n) {
        for (int attempt = 1; ; attempt++) {
            var started = post(
                    adapter + "/api/identifications",
                    token,
                    "{\"endUserIp\":\"203.0.113." + (n % 250) + "\",\"sameDevice\":false}");
            if (started.statusCode() == 201 || attempt == 10) {
                return started;
            }
            sleepUntil(System.nanoTime() + Duration.ofSeconds(2).toNanos());
        }
    }

    private static Path logDir = Path.of(".");

    private static String LOAD_BEFORE = "";

    private static String loadAverage() {
        try {
            var fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** One source of the adapter's collect timer between two Prometheus scrapes. */
    record SourceStats(String source, double count, double meanMillis, String p99Bucket) {

        static SourceStats between(String before, String after, String source) {
            var count = series(after, "count", source) - series(before, "count", source);
            var sum = series(after, "sum", source) - series(before, "sum", source);
            // Cumulative histogram buckets: the smallest upper bound holding 99 % of the window's collects.
            var bucket = Pattern.compile("(?m)^bankid_collect_seconds_bucket\\{([^}]*)\\} ([0-9.eE+-]+)$");
            var bounds = new java.util.TreeMap<Double, Double>();
            for (var text : List.of(before, after)) {
                var m = bucket.matcher(text);
                while (m.find()) {
                    var labels = m.group(1);
                    if (!labels.contains("source=\"" + source + "\"")) {
                        continue;
                    }
                    var le = Pattern.compile("le=\"([^\"]+)\"").matcher(labels);
                    if (le.find() && !"+Inf".equals(le.group(1))) {
                        double value = Double.parseDouble(m.group(2));
                        bounds.merge(Double.parseDouble(le.group(1)), text == before ? -value : value, Double::sum);
                    }
                }
            }
            String p99 = "> max bucket";
            for (var entry : bounds.entrySet()) {
                if (entry.getValue() >= 0.99 * count) {
                    p99 = String.format(Locale.ROOT, "%.1f ms", entry.getKey() * 1000);
                    break;
                }
            }
            return new SourceStats(source, count, count == 0 ? 0 : 1000 * sum / count, p99);
        }

        private static double series(String prometheus, String kind, String source) {
            return metric(prometheus, "bankid_collect_seconds_" + kind + "\\{[^}]*source=\"" + source + "\"[^}]*\\}");
        }
    }

    private static Process launch(Path jar, String name, String heap, List<String> common, String... args)
            throws IOException {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add(heap);
        // -Djfr=<dir> records a flight recording of each process (<dir>/adapter.jfr, <dir>/simulator.jfr).
        var jfr = System.getProperty("jfr", "");
        if (!jfr.isBlank()) {
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(jfr).toAbsolutePath().resolve(name + ".jfr"));
        }
        // -Dadapter.jvmArgs="…" / -Dsimulator.jvmArgs="…": more JVM options for one of the two processes.
        var extra = System.getProperty(name + ".jvmArgs", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.split(" ")));
        }
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(common);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("benchmark-" + name + ".log").toFile())
                .start();
    }

    private static void awaitReady(int managementPort) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("http://localhost:" + managementPort + "/actuator/health/readiness", null)
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Not ready on management port " + managementPort);
    }

    /** Valid personal numbers 1970-01-01 onwards, one per order. */
    static String personalNumber(int n) {
        var date = java.time.LocalDate.of(1970, 1, 1).plusDays(n / 10);
        var body = String.format(
                Locale.ROOT,
                "%02d%02d%02d%03d",
                date.getYear() % 100,
                date.getMonthValue(),
                date.getDayOfMonth(),
                100 + n % 10);
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = (body.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d / 10 + d % 10;
        }
        return "19" + body + (10 - sum % 10) % 10;
    }

    private static HttpResponse<String> post(String url, String token, String json) {
        var builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(builder.build());
    }

    private static HttpResponse<String> get(String url, String token) {
        var builder = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String field(String json, String name) {
        var m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static double metric(String prometheus, String series) {
        var m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(prometheus);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long cpuNanos(Process process) {
        return cpuNanos(process.toHandle());
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
