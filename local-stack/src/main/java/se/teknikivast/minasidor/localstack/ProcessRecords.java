package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The processes of a running stack, recorded under {@code .local-stack/pids} as {@code <pid> <marker>}, so that
 * {@code ./mina-sidor down} can stop them even after the launcher itself was killed. The marker is a string from the
 * process's command line: a pid the system has since handed to another program is left alone.
 */
final class ProcessRecords {

    private final Path directory;

    ProcessRecords(Path directory) {
        this.directory = directory;
    }

    void record(String name, long pid, String marker) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".pid"), pid + " " + marker + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps the command line that started {@code name}, one argument per line, in {@code .local-stack/commands}, for
     * {@code ./mina-sidor restart}.
     */
    void recordCommand(String name, List<String> command) {
        try {
            var commands = directory.resolveSibling("commands");
            Files.createDirectories(commands);
            Files.write(commands.resolve(name), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process recorded as {@code name}, if it still runs and is still the one recorded (its marker matches). */
    Optional<ProcessHandle> alive(String name) {
        try {
            var file = directory.resolve(name + ".pid");
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            var parts = Files.readString(file).trim().split(" ", 2);
            var handle = ProcessHandle.of(Long.parseLong(parts[0]));
            if (handle.isEmpty() || parts.length < 2) {
                return Optional.empty();
            }
            var commandLine =
                    Files.readString(Path.of("/proc", parts[0], "cmdline")).replace('\0', ' ');
            return commandLine.contains(parts[1]) ? handle : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void forget(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PostgreSQL postmaster's pid, from the first line of {@code postmaster.pid} in its data directory. */
    static long postmasterPid(Path dataDirectory) {
        try {
            var lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Resident memory in bytes of these processes and all their descendants (Linux /proc; 0 elsewhere). */
    static long totalRss(List<Long> roots) {
        Set<Long> pids = new LinkedHashSet<>();
        for (var root : roots) {
            ProcessHandle.of(root).ifPresent(handle -> {
                pids.add(handle.pid());
                handle.descendants().forEach(child -> pids.add(child.pid()));
            });
        }
        return pids.stream().mapToLong(ProcessRecords::rss).sum();
    }

    static long rss(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                    .orElse(0L);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return 0;
        }
    }
}
