package se.teknikivast.minasidor.auth.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of one system under test, by role ("auth-service", "PostgreSQL", …), each a process tree: its root
 * and every live descendant. Reads CPU time and memory from /proc, so "per core" figures of different systems compare.
 *
 * <p>CPU of a tree = utime + stime + cutime + cstime of every member: a child that has exited (a PostgreSQL backend
 * whose connection closed) was reaped by its parent and lives on in the parent's cutime/cstime, so nothing is lost and
 * nothing counted twice. Memory = the sum of PSS ({@code /proc/<pid>/smaps_rollup}): PostgreSQL's shared buffers are
 * shared by its processes and would be counted once per process in a sum of RSS; for a single JVM PSS ≈ RSS.
 */
public final class Processes {

    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> roots = new LinkedHashMap<>();

    public Processes add(String role, long rootPid) {
        roots.put(role, rootPid);
        return this;
    }

    public Processes replace(String role, long rootPid) {
        roots.replace(role, rootPid);
        return this;
    }

    public Map<String, Long> roots() {
        return Map.copyOf(roots);
    }

    /** CPU seconds so far per role, in the order the roles were added. */
    public Map<String, Double> cpuSeconds() {
        var children = childrenByParent();
        var result = new LinkedHashMap<String, Double>();
        roots.forEach((role, root) -> result.put(
                role, tree(root, children).stream().mapToLong(Processes::ticks).sum() / TICKS_PER_SECOND));
        return result;
    }

    /** Proportional set size of every process of the system, in MiB. */
    public double memoryMiB() {
        var children = childrenByParent();
        long kib = 0;
        for (var root : roots.values()) {
            for (var pid : tree(root, children)) {
                kib += pssKiB(pid);
            }
        }
        return kib / 1024.0;
    }

    /** The difference of two {@link #cpuSeconds()} readings, per role and as "total". */
    public static Map<String, Double> difference(Map<String, Double> after, Map<String, Double> before) {
        var result = new LinkedHashMap<String, Double>();
        double total = 0;
        for (var entry : after.entrySet()) {
            var delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0.0);
            result.put(entry.getKey(), delta);
            total += delta;
        }
        result.put("total", total);
        return result;
    }

    /** The PostgreSQL postmaster behind a JDBC URL: the parent of the backend serving a fresh connection. */
    public static long postmaster(String jdbcUrl, String user, String password) {
        try (var connection = DriverManager.getConnection(jdbcUrl, user, password);
                var result = connection.createStatement().executeQuery("select pg_backend_pid()")) {
            result.next();
            return parent(result.getLong(1));
        } catch (Exception e) {
            throw new IllegalStateException("Could not find the postmaster of " + jdbcUrl, e);
        }
    }

    /** The redis-server process listening on {@code port}, from its own INFO answer. */
    public static long redisServer(String host, int port) {
        try (var socket = new Socket(host, port)) {
            socket.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = socket.getInputStream();
            var text = new StringBuilder();
            var buffer = new byte[8192];
            while (!text.toString().contains("process_id:") || !text.toString().contains("run_id:")) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
            return text.toString()
                    .lines()
                    .filter(line -> line.startsWith("process_id:"))
                    .mapToLong(line -> Long.parseLong(
                            line.substring("process_id:".length()).trim()))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> tree(long root, Map<Long, List<Long>> children) {
        var result = new ArrayList<Long>();
        var pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            var pid = pending.removeLast();
            result.add(pid);
            pending.addAll(children.getOrDefault(pid, List.of()));
        }
        return result;
    }

    private static Map<Long, List<Long>> childrenByParent() {
        var children = new HashMap<Long, List<Long>>();
        try (var entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> {
                        var stat = stat(Long.parseLong(name));
                        if (stat != null) {
                            children.computeIfAbsent(Long.parseLong(stat[1]), k -> new ArrayList<>())
                                    .add(Long.parseLong(name));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }

    private static long parent(long pid) {
        return Long.parseLong(stat(pid)[1]);
    }

    private static long ticks(long pid) {
        var fields = stat(pid);
        if (fields == null) {
            return 0; // exited between the listing and now; its parent has its time
        }
        return Long.parseLong(fields[11])
                + Long.parseLong(fields[12])
                + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    /** The fields of /proc/&lt;pid&gt;/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime. */
    private static String[] stat(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException gone) {
            return null;
        }
    }

    private static long pssKiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup")).stream()
                    .filter(line -> line.startsWith("Pss:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst()
                    .orElse(0);
        } catch (IOException gone) {
            return 0;
        }
    }
}
