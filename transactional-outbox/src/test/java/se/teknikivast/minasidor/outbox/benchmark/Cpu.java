package se.teknikivast.minasidor.outbox.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Stream;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * CPU time so far of this JVM (contender, load and consumer), of PostgreSQL (the postmaster, its live processes and
 * those it reaped) and of the Kafka broker (this JVM's child {@code java} process), from {@code /proc}.
 */
final class Cpu {

    private static final double MS_PER_TICK = 10; // USER_HZ = 100 on Linux

    private final long postmaster;
    private final long kafka;

    private Cpu(long postmaster, long kafka) {
        this.postmaster = postmaster;
        this.kafka = kafka;
    }

    static Cpu find() throws SQLException {
        TestInfrastructure.kafka(); // started on first use
        var postgres = TestInfrastructure.postgres();
        var url = postgres.createDatabase(TestInfrastructure.uniqueName("outbox_benchmark_cpu"));
        long postmaster;
        // A backend's parent is the postmaster; read it while the backend lives.
        try (var connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                var statement = connection.createStatement();
                var result = statement.executeQuery("select pg_backend_pid()")) {
            result.next();
            postmaster = Long.parseLong(stat(result.getLong(1))[1]);
        }
        long kafka = ProcessHandle.current()
                .children()
                .filter(child -> child.info().command().orElse("").endsWith("/java"))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(-1);
        return new Cpu(postmaster, kafka);
    }

    /** Milliseconds of CPU so far: this JVM, PostgreSQL, Kafka. */
    double[] sample() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double jvm = os.getProcessCpuTime() / 1e6;
        return new double[] {jvm, postgresTicks() * MS_PER_TICK, ticks(kafka, false) * MS_PER_TICK};
    }

    private long postgresTicks() {
        long total = ticks(postmaster, true);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            total += processes
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .filter(pid -> {
                        var fields = stat(pid);
                        return fields != null && Long.parseLong(fields[1]) == postmaster;
                    })
                    .map(pid -> ticks(pid, false))
                    .sum();
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        var fields = stat(pid);
        if (fields == null) {
            return 0;
        }
        // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withReapedChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }

    /** The fields of /proc/pid/stat after the command name, or null when the process is gone. */
    private static String[] stat(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            var line = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }
}
