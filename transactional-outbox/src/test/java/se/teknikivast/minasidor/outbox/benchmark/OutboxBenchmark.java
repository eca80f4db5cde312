package se.teknikivast.minasidor.outbox.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import se.teknikivast.minasidor.events.Topics;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/**
 * This module's outbox (A) against Spring Modulith's JDBC event publication registry with Kafka externalization (B),
 * on the same embedded PostgreSQL and Kafka broker, in one JVM, each in a Spring context of its own.
 *
 * <p>A run commits N transactions, each appending one customer event of about 300 bytes of JSON, from 1 or 4 threads
 * as fast as they go (or at a set rate), while a consumer reads the run's own topic (a stand-in for {@code
 * customer.events.v1}, 3 partitions, written as customer-service). It prints, per run: commits/s; messages/s from the
 * first commit until the last message was consumed; commit → consumed latency (p50, p95, p99, max); the rows left in
 * the contender's table and how many are not yet marked published; the CPU per message of this JVM, PostgreSQL and
 * Kafka; and whether every message arrived exactly once and in its customer's order (64 customers, each written by one
 * thread). Every configuration runs A B A B… after a warm-up of each (WARM_UP messages from 4 threads, half as many
 * from one), which the table leaves out. Not a test: nothing is asserted.
 *
 * <p>Run: {@code ./mvnw -pl transactional-outbox -am -Pbenchmark verify -DskipTests} (docs/performance.md). Defaults:
 * {@code -Dbenchmark.messages=5000,20000 -Dbenchmark.threads=1,4 -Dbenchmark.rounds=2 -Dbenchmark.warmup=10000
 * -Dbenchmark.keys=64 -Dbenchmark.rate=0 -Dbenchmark.contenders=A,B}; {@code rate} is commits per second of all
 * threads together in the measured runs (0: as fast as they go); the contenders {@code B-serialized} and {@code
 * B-platform} are Modulith variants (see {@link #contender(String)}).
 */
public final class OutboxBenchmark {

    static final List<Integer> MESSAGES = integers(System.getProperty("benchmark.messages", "5000,20000"));
    static final List<Integer> THREADS = integers(System.getProperty("benchmark.threads", "1,4"));
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 2);
    static final int WARM_UP = Integer.getInteger("benchmark.warmup", 10_000);
    static final int KEYS = Integer.getInteger("benchmark.keys", 64);
    /** Commits per second of all threads together in the measured runs; 0: as fast as they go. */
    static final int RATE = Integer.getInteger("benchmark.rate", 0);

    static final List<String> CONTENDERS =
            List.of(System.getProperty("benchmark.contenders", "A,B").split(","));

    static final Duration QUIET_LIMIT = Duration.ofSeconds(30);
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);

    public static void main(String[] args) throws Exception {
        System.out.printf(
                "outbox benchmark %s, %d cores, load average %s; JVM %s %s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(),
                load(),
                Runtime.version(),
                jvmOptions());
        var sample = CustomerChanged.of("100000", 1, 1);
        System.out.printf(
                "message: %d bytes of JSON; runs of %s messages from %s threads, %d rounds, %d customers%n",
                JsonMapper.builder().build().writeValueAsString(sample).length(), MESSAGES, THREADS, ROUNDS, KEYS);
        var cpu = Cpu.find();
        var contenders = new ArrayList<Contender>();
        try {
            for (var name : CONTENDERS) {
                var contender = contender(name.trim());
                if (contender instanceof ModulithRegistry modulith) {
                    System.out.println(contender.name() + " producer: " + modulith.producerSettings());
                }
                contenders.add(contender);
            }
            for (var contender : contenders) {
                var warm = run(contender, WARM_UP, 4, 0, 0, cpu);
                System.out.println("warm-up  " + warm.line());
                warm = run(contender, WARM_UP / 2, 1, 0, 0, cpu);
                System.out.println("warm-up  " + warm.line());
            }
            var results = new ArrayList<Result>();
            for (int messages : MESSAGES) {
                for (int threads : THREADS) {
                    for (int round = 1; round <= ROUNDS; round++) {
                        for (var contender : contenders) {
                            var result = run(contender, messages, threads, round, RATE, cpu);
                            System.out.println("measured " + result.line());
                            results.add(result);
                        }
                    }
                }
            }
            System.out.println();
            System.out.println(Result.HEADER);
            System.out.println(Result.RULE);
            results.forEach(result -> System.out.println(result.line()));
            System.out.println();
            System.out.println("load average at the end: " + load());
        } finally {
            contenders.forEach(Contender::close);
        }
        System.exit(0);
    }

    static Contender contender(String name) {
        return switch (name) {
            case "A" -> new OurOutbox();
            case "B" -> new ModulithRegistry("B Modulith registry", Map.of());
            // Variants, not run by default: Modulith's remedy for overtaking (one externalization at a time), and
            // its asynchronous listeners on Boot's platform pool of 8 instead of the services' virtual threads.
            case "B-serialized" ->
                new ModulithRegistry(
                        "B Modulith, serialize-externalization",
                        Map.of("spring.modulith.events.externalization.serialize-externalization", true));
            case "B-platform" ->
                new ModulithRegistry("B Modulith, platform threads", Map.of("spring.threads.virtual.enabled", false));
            default -> throw new IllegalArgumentException("No contender " + name + " (A, B, B-serialized, B-platform)");
        };
    }

    static Result run(Contender contender, int messages, int threads, int round, int rate, Cpu cpu) throws Exception {
        contender.clear();
        var topic = TestInfrastructure.kafka().standIn(Topics.CUSTOMER_EVENTS);
        contender.publishTo(topic);
        var committedAt = new long[messages];
        var failures = new AtomicInteger();
        int perThread = messages / threads;
        int customersPerThread = Math.max(1, KEYS / threads);
        var load = load();
        try (var consumption = new Consumption(topic, perThread * threads)) {
            var cpuBefore = cpu.sample();
            long started = System.nanoTime();
            var committers = new ArrayList<Thread>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                committers.add(Thread.ofPlatform().name("committer-" + t).start(() -> {
                    for (int k = 0; k < perThread; k++) {
                        int n = thread * perThread + k;
                        var customer = String.valueOf(100_000 + thread + threads * (k % customersPerThread));
                        var event = CustomerChanged.of(customer, k / customersPerThread, n);
                        if (rate > 0) {
                            long due = started + (long) ((k * (double) threads + thread) * 1e9 / rate);
                            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        try {
                            contender.commit(event, () -> committedAt[n] = System.nanoTime());
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (var committer : committers) {
                committer.join();
            }
            long committed = System.nanoTime();
            boolean complete = consumption.awaitAll(QUIET_LIMIT);
            long consumed = consumption.lastArrival();
            var cpuAfter = cpu.sample();
            var rows = settle(contender);
            consumption.close();

            long first = Long.MAX_VALUE;
            var latencies = new long[consumption.distinct()];
            int i = 0;
            for (int n = 0; n < perThread * threads; n++) {
                if (committedAt[n] != 0) {
                    first = Math.min(first, committedAt[n]);
                }
                long arrived = consumption.arrivedAt(n);
                if (arrived != 0 && committedAt[n] != 0 && i < latencies.length) {
                    latencies[i++] = Math.max(0, arrived - committedAt[n]);
                }
            }
            latencies = Arrays.copyOf(latencies, i);
            Arrays.sort(latencies);
            int total = perThread * threads;
            var cpuPerMessage = new double[3];
            for (int c = 0; c < 3; c++) {
                cpuPerMessage[c] = (cpuAfter[c] - cpuBefore[c]) / total;
            }
            return new Result(
                    contender.name(),
                    total,
                    threads,
                    rate,
                    round,
                    load,
                    total / ((committed - started) / 1e9),
                    consumption.distinct() / ((consumed - first) / 1e9),
                    latencies,
                    rows,
                    cpuPerMessage,
                    complete ? 0 : total - consumption.distinct(),
                    consumption.duplicates(),
                    consumption.outOfOrder(),
                    failures.get() + consumption.foreign());
        }
    }

    /** The contender's table once nothing is pending any more (or after {@link #SETTLE_LIMIT}). */
    static Contender.Rows settle(Contender contender) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        var rows = contender.rows();
        while (rows.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            rows = contender.rows();
        }
        return rows;
    }

    record Result(
            String contender,
            int messages,
            int threads,
            int rate,
            int round,
            String load,
            double commitsPerSecond,
            double messagesPerSecond,
            long[] latencies,
            Contender.Rows rows,
            double[] cpuPerMessage,
            int missing,
            int duplicates,
            int outOfOrder,
            int errors) {

        static final String HEADER = "| contender | messages | threads | round | load | commits/s | messages/s"
                + " | p50 | p95 | p99 | max | rows left (unpublished) | CPU per message: JVM / PostgreSQL / Kafka"
                + " | delivery |";
        static final String RULE = "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

        String line() {
            return ("| %s | %,d | %s | %s | %s | %,.0f | %,.0f | %s | %s | %s | %s | %,d (%,d)"
                            + " | %.2f / %.2f / %.2f ms | %s |")
                    .formatted(
                            contender,
                            messages,
                            rate > 0 ? threads + " at " + rate + "/s" : String.valueOf(threads),
                            round == 0 ? "warm-up" : String.valueOf(round),
                            load,
                            commitsPerSecond,
                            messagesPerSecond,
                            percentile(0.50),
                            percentile(0.95),
                            percentile(0.99),
                            percentile(1.0),
                            rows.total(),
                            rows.pending(),
                            cpuPerMessage[0],
                            cpuPerMessage[1],
                            cpuPerMessage[2],
                            delivery());
        }

        private String percentile(double p) {
            if (latencies.length == 0) {
                return "–";
            }
            int index = (int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1);
            double ms = latencies[Math.max(0, index)] / 1e6;
            return ms < 10 ? "%.1f ms".formatted(ms) : "%,.0f ms".formatted(ms);
        }

        private String delivery() {
            if (missing == 0 && duplicates == 0 && outOfOrder == 0 && errors == 0) {
                return "each once, in order";
            }
            var problems = new ArrayList<String>();
            if (missing > 0) {
                problems.add(missing + " missing");
            }
            if (duplicates > 0) {
                problems.add(duplicates + " duplicates");
            }
            if (outOfOrder > 0) {
                problems.add(outOfOrder + " out of order");
            }
            if (errors > 0) {
                problems.add(errors + " errors");
            }
            return String.join(", ", problems);
        }
    }

    static String load() {
        try {
            var fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static List<Integer> integers(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
    }

    /** The JVM's options, printed with the results: both contenders run in this JVM. */
    static String jvmOptions() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
