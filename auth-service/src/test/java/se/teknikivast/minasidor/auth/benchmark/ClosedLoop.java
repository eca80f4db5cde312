package se.teknikivast.minasidor.auth.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The load generator: {@code concurrency} clients on virtual threads, each starting its next operation as soon as the
 * last one answered (closed loop), for a fixed time. Target-neutral: it only sees an operation that succeeds or not and
 * the processes whose CPU and memory to read.
 */
public final class ClosedLoop {

    private ClosedLoop() {}

    /**
     * One measured run. CPU seconds per role of the system under test plus "total"; memory is the largest PSS sum
     * sampled each second during the run.
     */
    public record Measurement(
            int concurrency,
            int operations,
            int failures,
            double seconds,
            List<Long> sortedLatencies,
            Map<String, Double> cpuSeconds,
            double peakMemoryMiB,
            String firstFailure) {

        public double perSecond() {
            return operations / seconds;
        }

        public double p50Millis() {
            return percentile(sortedLatencies, 0.50);
        }

        public double p99Millis() {
            return percentile(sortedLatencies, 0.99);
        }

        /** CPU milliseconds per successful operation of one role, or of all ("total"). */
        public double cpuMillisPerOperation(String role) {
            return cpuSeconds.getOrDefault(role, Double.NaN) * 1000 / operations;
        }
    }

    /** Runs {@code operation} without measuring (JIT, caches, connection pools). */
    public static void warmUp(BooleanSupplier operation, int concurrency, Duration duration) {
        drive(operation, concurrency, duration, new ArrayList<>(), new AtomicReference<>());
    }

    public static Measurement measure(
            BooleanSupplier operation, int concurrency, Duration duration, Processes processes) {
        var latencies = Collections.synchronizedList(new ArrayList<Long>());
        var firstFailure = new AtomicReference<String>();
        var peakMemory = new double[] {processes.memoryMiB()};
        var done = new java.util.concurrent.CountDownLatch(1);
        var sampler = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (!done.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    peakMemory[0] = Math.max(peakMemory[0], processes.memoryMiB());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var cpuBefore = processes.cpuSeconds();
        var start = System.nanoTime();
        var failures = drive(operation, concurrency, duration, latencies, firstFailure);
        var seconds = (System.nanoTime() - start) / 1e9;
        var cpu = Processes.difference(processes.cpuSeconds(), cpuBefore);
        done.countDown();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Measurement(
                concurrency, sorted.size(), failures, seconds, sorted, cpu, peakMemory[0], firstFailure.get());
    }

    private static int drive(
            BooleanSupplier operation,
            int concurrency,
            Duration duration,
            List<Long> latencies,
            AtomicReference<String> firstFailure) {
        var failures = new AtomicInteger();
        var end = System.nanoTime() + duration.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        var t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = operation.getAsBoolean();
                            if (!ok) {
                                firstFailure.compareAndSet(null, "operation answered false");
                            }
                        } catch (RuntimeException | AssertionError e) {
                            firstFailure.compareAndSet(null, String.valueOf(e));
                            ok = false;
                        }
                        if (ok) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }
        return failures.get();
    }

    public static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }
}
