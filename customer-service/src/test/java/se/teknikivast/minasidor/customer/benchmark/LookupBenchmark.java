package se.teknikivast.minasidor.customer.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import se.teknikivast.minasidor.customer.support.TestData;
import se.teknikivast.minasidor.customer.support.TestTokens;
import se.teknikivast.minasidor.infrastructure.embedded.PostgresServer;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/**
 * Lookups by identity number through the HTTP API, against the packaged service running as its own process.
 *
 * <p>Starts an embedded PostgreSQL, a tiny JWKS endpoint with this benchmark's signing key, and {@code
 * target/customer-service.jar}; imports {@value #CUSTOMERS} customers through the import API; then runs a closed-loop
 * load of {@code POST /internal/customers/search} with a valid client-credentials JWT and a random one of the imported
 * identity numbers, over persistent HTTP/1.1 connections ({@link Http1Connection}, a lean client, because the
 * generator shares the cores with the service), and prints throughput, p50/p99 latency and the CPU seconds per
 * request of the service, the generator and PostgreSQL (from {@code /proc/<pid>/stat}). Not a test: run it with
 * {@code ./mvnw -pl customer-service -am -Pbenchmark verify -DskipTests} (see the README).
 */
public final class LookupBenchmark {

    static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 100_000);
    static final int CLIENTS = Integer.getInteger("benchmark.clients", 8);
    static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("benchmark.warmup-seconds", 20));
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 30));
    /** Extra JVM options for the service process, e.g. {@code -XX:StartFlightRecording=filename=…} to profile it. */
    static final String SERVICE_JVM_ARGS = System.getProperty("benchmark.service-jvm-args", "");

    static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        var jar = Path.of(args.length > 0 ? args[0] : "target/customer-service.jar")
                .toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the service first");
        }
        System.out.println("load average before the run: "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        try (var postgres = PostgresServer.startEphemeral()) {
            var database = postgres.createDatabase("customers_benchmark");
            var port = freePort();
            var managementPort = freePort();
            var log = Files.createTempFile("customer-service-benchmark", ".log");
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.addAll(Arrays.stream(SERVICE_JVM_ARGS.trim().split("\\s+"))
                    .filter(arg -> !arg.isEmpty())
                    .toList());
            command.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--management.server.port=" + managementPort,
                    // The demo secrets: a benchmark is a local run.
                    "--spring.profiles.active=local",
                    "--spring.datasource.url=" + database,
                    "--spring.datasource.username=" + postgres.username(),
                    "--spring.datasource.password=" + postgres.password(),
                    "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
                            + TestIssuer.get().jwkSetUri(),
                    // No e-mails are imported, so no events: Kafka is not needed here.
                    "--spring.kafka.bootstrap-servers=localhost:1"));
            var service = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                run(service, port, managementPort, log, postmasterPid(database, postgres));
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    private static void run(Process service, int port, int managementPort, Path log, long postmaster) throws Exception {
        var base = "http://localhost:" + port;
        var http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        awaitReady(http, "http://localhost:" + managementPort, service, log);

        var identityNumbers = new String[CUSTOMERS];
        var lines = new StringBuilder(CUSTOMERS * 130);
        for (int i = 0; i < CUSTOMERS; i++) {
            identityNumbers[i] = TestData.personnummer();
            lines.append("{\"customerNumber\":\"")
                    .append(1_000_000 + i)
                    .append("\",\"type\":\"PRIVATE_PERSON\",\"name\":\"Kund ")
                    .append(i)
                    .append("\",\"identityNumber\":\"")
                    .append(identityNumbers[i])
                    .append("\",\"email\":null}\n");
        }
        var admin = TestTokens.client("benchmark", "customers.admin");
        awaitKeysFetched(http, base, admin);
        long importStart = System.nanoTime();
        var imported = http.send(
                HttpRequest.newBuilder(URI.create(base + "/internal/customers/import"))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/x-ndjson")
                        .timeout(Duration.ofMinutes(5))
                        .POST(BodyPublishers.ofString(lines.toString()))
                        .build(),
                BodyHandlers.ofString());
        var importSeconds = (System.nanoTime() - importStart) / 1e9;
        System.out.printf(
                "import of %,d customers: HTTP %d in %.1f s: %s%n",
                CUSTOMERS, imported.statusCode(), importSeconds, abbreviate(imported.body()));

        // Tokens live 5 minutes, longer than the whole run.
        var reader = TestTokens.client("benchmark", "customers.read");
        System.out.printf("warm-up %d s with %d clients...%n", WARM_UP.toSeconds(), CLIENTS);
        var requestTails = requestTails(identityNumbers);
        load(port, reader, requestTails, WARM_UP);
        var loadAverage = Files.readString(Path.of("/proc/loadavg")).trim();
        long cpuBefore = cpuTicks(service.pid());
        long generatorBefore = cpuTicks(ProcessHandle.current().pid());
        long postgresBefore = postgresTicks(postmaster);
        long[] machineBefore = machineTicks();
        var result = load(port, reader, requestTails, MEASURE);
        long cpuAfter = cpuTicks(service.pid());
        long generatorAfter = cpuTicks(ProcessHandle.current().pid());
        long postgresAfter = postgresTicks(postmaster);
        long[] machineAfter = machineTicks();

        var cpuSeconds = (cpuAfter - cpuBefore) / (double) CLOCK_TICKS_PER_SECOND;
        var generatorSeconds = (generatorAfter - generatorBefore) / (double) CLOCK_TICKS_PER_SECOND;
        var postgresSeconds = (postgresAfter - postgresBefore) / (double) CLOCK_TICKS_PER_SECOND;
        var machineBusySeconds = (machineAfter[0] - machineBefore[0]) / (double) CLOCK_TICKS_PER_SECOND;
        var machineSeconds = (machineAfter[1] - machineBefore[1]) / (double) CLOCK_TICKS_PER_SECOND;
        var latencies = result.latenciesNanos();
        Arrays.sort(latencies);
        System.out.println();
        System.out.println("customer-service lookup benchmark: POST /internal/customers/search (identity number), JWT");
        System.out.printf(
                "  settings        : %,d customers, %d closed-loop clients, %d s warm-up, %d s measured,"
                        + " %d cores, service -Xmx512m %s%n",
                CUSTOMERS,
                CLIENTS,
                WARM_UP.toSeconds(),
                MEASURE.toSeconds(),
                Runtime.getRuntime().availableProcessors(),
                SERVICE_JVM_ARGS);
        System.out.printf("  requests        : %,d ok, %,d failed%n", latencies.length, result.failures());
        System.out.printf("  throughput      : %,.0f requests/s%n", latencies.length / (double) MEASURE.toSeconds());
        System.out.printf(
                "  latency         : p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                percentile(latencies, 50),
                percentile(latencies, 90),
                percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        System.out.printf(
                "  service CPU     : %.1f s over %d s = %.0f µs CPU per request%n",
                cpuSeconds, MEASURE.toSeconds(), latencies.length == 0 ? 0 : cpuSeconds * 1e6 / latencies.length);
        System.out.printf(
                "  generator CPU   : %.1f s = %.0f µs per request (this JVM: the load generator)%n",
                generatorSeconds, latencies.length == 0 ? 0 : generatorSeconds * 1e6 / latencies.length);
        System.out.printf(
                "  PostgreSQL CPU  : %.1f s = %.0f µs per request (postmaster and its backends)%n",
                postgresSeconds, latencies.length == 0 ? 0 : postgresSeconds * 1e6 / latencies.length);
        System.out.printf(
                "  machine         : %.1f of %.1f CPU seconds busy (%.0f %%); load average after warm-up: %s%n",
                machineBusySeconds, machineSeconds, 100 * machineBusySeconds / machineSeconds, loadAverage);
        System.out.println("  service log     : " + log);
    }

    record Result(long[] latenciesNanos, long failures) {}

    private static Result load(int port, String token, byte[][] requestTails, Duration duration)
            throws InterruptedException {
        var stop = new AtomicBoolean();
        var failures = new AtomicLong();
        var perClient = new ArrayList<long[]>();
        var counts = new int[CLIENTS];
        var head = ("POST /internal/customers/search HTTP/1.1\r\n"
                        + "Host: localhost:" + port + "\r\n"
                        + "Authorization: Bearer " + token + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Accept: application/json\r\n"
                        + "Content-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
        var expected = "customerNumber".getBytes(StandardCharsets.US_ASCII);
        try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int c = 0; c < CLIENTS; c++) {
                var latencies = new long[4_000_000 / CLIENTS];
                perClient.add(latencies);
                int client = c;
                clients.execute(() -> {
                    var random = ThreadLocalRandom.current();
                    // The request is assembled in one reused buffer: the fixed head, then a random customer's
                    // "Content-Length: n\r\n\r\n{body}" prepared before the run.
                    var request = new byte[head.length + 256];
                    System.arraycopy(head, 0, request, 0, head.length);
                    Http1Connection connection = null;
                    while (!stop.get()) {
                        var tail = requestTails[random.nextInt(requestTails.length)];
                        System.arraycopy(tail, 0, request, head.length, tail.length);
                        long start = System.nanoTime();
                        try {
                            if (connection == null) {
                                connection = new Http1Connection("localhost", port);
                            }
                            int status = connection.exchange(request, head.length + tail.length);
                            long elapsed = System.nanoTime() - start;
                            if (status == 200
                                    && connection.bodyContains(expected)
                                    && counts[client] < latencies.length) {
                                latencies[counts[client]++] = elapsed;
                            } else {
                                failures.incrementAndGet();
                            }
                            if (connection.closeRequested()) {
                                connection.close();
                                connection = null;
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                            closeQuietly(connection);
                            connection = null;
                        }
                    }
                    closeQuietly(connection);
                });
            }
            Thread.sleep(duration);
            stop.set(true);
        }
        var all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < CLIENTS; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        return new Result(all, failures.get());
    }

    /** For each identity number, the end of a search request: {@code n\r\n\r\n{"identityNumber":"…"}}. */
    private static byte[][] requestTails(String[] identityNumbers) {
        var tails = new byte[identityNumbers.length][];
        for (int i = 0; i < identityNumbers.length; i++) {
            var body = "{\"identityNumber\":\"" + identityNumbers[i] + "\"}";
            tails[i] = (body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        }
        return tails;
    }

    private static void closeQuietly(Http1Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
    private static long cpuTicks(long pid) throws IOException {
        var stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The postmaster's pid, from {@code postmaster.pid} in the server's data directory. */
    private static long postmasterPid(String jdbcUrl, PostgresServer postgres) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
                var statement = connection.createStatement();
                var result = statement.executeQuery("show data_directory")) {
            result.next();
            var pidFile = Path.of(result.getString(1), "postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        }
    }

    /**
     * CPU of PostgreSQL: the postmaster's own and its ended children's (cutime, cstime), plus every live backend's.
     */
    private static long postgresTicks(long postmaster) throws IOException {
        var stat = Files.readString(Path.of("/proc/" + postmaster + "/stat"), StandardCharsets.US_ASCII);
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11])
                + Long.parseLong(fields[12])
                + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
        for (var child : ProcessHandle.of(postmaster).orElseThrow().children().toList()) {
            try {
                ticks += cpuTicks(child.pid());
            } catch (IOException ended) {
                // counted in the postmaster's cutime/cstime from now on
            }
        }
        return ticks;
    }

    /** Busy and total ticks of all CPUs, from the first line of /proc/stat. */
    private static long[] machineTicks() throws IOException {
        var cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        return new long[] {total - idle, total};
    }

    private static double percentile(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static void awaitReady(HttpClient http, String management, Process service, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("customer-service exited, see " + log);
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(management + "/actuator/health/readiness"))
                                .build(),
                        BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("customer-service did not become ready, see " + log);
    }

    /** The service fetches the JWKS on the first token; on a busy machine that first fetch may time out, so retry. */
    private static void awaitKeysFetched(HttpClient http, String base, String token) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/internal/customers/search"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(BodyPublishers.ofString("{\"identityNumber\":\"19121212-1212\"}"))
                            .build(),
                    BodyHandlers.discarding());
            // 403: the admin token has no customers.read, which proves it was verified with the fetched keys.
            if (response.statusCode() == 403) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("customer-service could not fetch the benchmark's JWKS");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private LookupBenchmark() {}
}
