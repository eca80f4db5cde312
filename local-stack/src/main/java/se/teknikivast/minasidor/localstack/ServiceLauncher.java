package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the five services as JVMs of their own, all at once, each logging to {@code .local-stack/logs/<name>.log},
 * and waits until each is healthy, has exited or the deadline has passed; stops them again, gracefully first.
 */
final class ServiceLauncher {

    private static final String PREFIX = "[local-stack] ";

    private final Path root;
    private final Path logs;
    private final PrintStream out;
    private final ProcessRecords records;
    private final HealthCheck health = new HealthCheck(Duration.ofMillis(500));
    private final Map<String, Process> services = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    ServiceLauncher(Path root, Path logs, PrintStream out, ProcessRecords records) {
        this.root = root;
        this.logs = logs;
        this.out = out;
        this.records = records;
    }

    boolean stopping() {
        return stopping;
    }

    List<Long> pids() {
        return services.values().stream().map(Process::pid).toList();
    }

    /** Each service's outcome, in the order given; a service that could not be started counts as EXITED. */
    Map<String, HealthCheck.Outcome> startAll(List<ServiceDefinition> definitions, Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        var outcomes = new ConcurrentHashMap<String, HealthCheck.Outcome>();
        var threads = new ArrayList<Thread>();
        for (var service : definitions) {
            threads.add(Thread.ofVirtual()
                    .name("start-" + service.instance())
                    .start(() -> outcomes.put(service.instance(), start(service, deadline))));
        }
        for (var thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var results = new LinkedHashMap<String, HealthCheck.Outcome>();
        definitions.forEach(
                s -> results.put(s.instance(), outcomes.getOrDefault(s.instance(), HealthCheck.Outcome.EXITED)));
        return results;
    }

    /** Reports a service that was UP and exits on its own, until the stack stops. */
    void watchForCrashes(Map<String, HealthCheck.Outcome> results) {
        services.forEach((name, process) -> process.onExit().thenAccept(p -> {
            if (!stopping && results.get(name) == HealthCheck.Outcome.UP) {
                out.printf(
                        PREFIX + "%s exited with code %d; see %s%n",
                        name,
                        p.exitValue(),
                        root.relativize(logs.resolve(name + ".log")));
            }
        }));
    }

    /**
     * Asks every service to stop (they flush to Kafka and PostgreSQL on the way out); kills one after 30 s. An instance
     * that {@code ./mina-sidor restart} started again is no child of this JVM: it is found through its pid record.
     */
    synchronized void stopAll() {
        stopping = true;
        var running = new LinkedHashMap<String, ProcessHandle>();
        services.forEach(
                (name, process) -> running.put(name, records.alive(name).orElse(process.toHandle())));
        running.values().forEach(ProcessHandle::destroy);
        running.forEach((name, process) -> {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                out.println(PREFIX + name + " did not stop in 30 s; killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.onExit()
                        .completeOnTimeout(process, 10, TimeUnit.SECONDS)
                        .join();
            } catch (ExecutionException e) {
                // onExit() does not fail; nothing to wait for.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            records.forget(name);
        });
    }

    private HealthCheck.Outcome start(ServiceDefinition service, Instant deadline) {
        var jar = service.jar(root);
        var log = logs.resolve(service.instance() + ".log");
        if (!Files.isRegularFile(jar)) {
            out.println(PREFIX + service.name() + ": " + root.relativize(jar)
                    + " is missing, not started (build it: ./mvnw -q -DskipTests package)");
            return HealthCheck.Outcome.EXITED;
        }
        Process process;
        // Under the lock stopAll() holds: a service is either started before it looks, or not at all.
        synchronized (this) {
            if (stopping) {
                return HealthCheck.Outcome.EXITED;
            }
            var command = command(service, jar);
            try {
                // ./mina-sidor restart <instance> starts it again with the very same command line.
                records.recordCommand(service.instance(), command);
                process = new ProcessBuilder(command)
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                out.println(PREFIX + service.instance() + " could not be started: " + e.getMessage());
                return HealthCheck.Outcome.EXITED;
            }
            services.put(service.instance(), process);
            records.record(service.instance(), process.pid(), jar.toString());
        }
        var began = Instant.now();
        var outcome = health.await(service.healthUrl(), process::isAlive, deadline);
        if (stopping) {
            return outcome;
        }
        var seconds = Duration.between(began, Instant.now()).toMillis() / 1000.0;
        switch (outcome) {
            case UP -> out.printf(PREFIX + "%s is UP on %s (%.1f s)%n", service.instance(), service.baseUrl(), seconds);
            case EXITED -> {
                out.printf(
                        PREFIX + "%s EXITED with code %d after %.1f s. Last lines of %s:%n",
                        service.instance(),
                        process.exitValue(),
                        seconds,
                        root.relativize(log));
                LocalStack.lastLines(log, 25).forEach(line -> out.println("    " + line));
            }
            case TIMED_OUT -> {
                out.printf(
                        PREFIX + "%s is still not healthy at %s after %.1f s. Last lines of %s:%n",
                        service.instance(),
                        service.healthUrl(),
                        seconds,
                        root.relativize(log));
                LocalStack.lastLines(log, 25).forEach(line -> out.println("    " + line));
            }
        }
        return outcome;
    }

    private List<String> command(ServiceDefinition service, Path jar) {
        var command = new ArrayList<String>();
        // In its own session the service gets no Ctrl-C from the terminal: the launcher stops the services first
        // and the infrastructure after them, so nothing logs errors about a database that went away early.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Xms32m",
                "-Xmx256m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=64m",
                "-Dfile.encoding=UTF-8",
                // Tells this stack's services apart from other runs of the same jar (benchmarks, tests).
                "-Dminasidor.local-stack=" + root));
        var extra = System.getenv("MINASIDOR_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(service.commandLineArguments());
        return command;
    }
}
