package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The local stack: the infrastructure ({@link LocalInfrastructure}) on non-standard ports, then the five services as
 * separate JVMs ({@link ServiceLauncher}); it waits until they are healthy, prints how to use them
 * ({@link StartSummary}), and stops everything on Ctrl-C or SIGTERM ({@code ./mina-sidor down}).
 *
 * <p>Options: {@code --skip=gateway,auth-service} (run those yourself, e.g. from the IDE), {@code --strict} (stop
 * everything if a service does not become healthy), {@code --timeout=SECONDS} (how long to wait for health),
 * {@code --instances=N} (N instances of each service behind a {@link LoadBalancer} on the usual ports).
 */
public final class LocalStack {

    private static final String PREFIX = "[local-stack] ";

    private final Path root;
    private final Path state;
    private final Path logs;
    private final Set<String> skipped;
    private final boolean strict;
    private final Duration timeout;
    private final Instant startedAt;
    private final PrintStream out;
    private final ProcessRecords records;
    private final LocalInfrastructure infrastructure;
    private final ServiceLauncher services;
    private final int instances;
    private LoadBalancer balancer;
    private boolean stopped;

    LocalStack(
            Path root,
            Set<String> skipped,
            boolean strict,
            Duration timeout,
            int instances,
            Instant startedAt,
            PrintStream out) {
        this.root = root.toAbsolutePath().normalize();
        this.state = this.root.resolve(".local-stack");
        this.logs = state.resolve("logs");
        this.skipped = Set.copyOf(skipped);
        this.strict = strict;
        this.timeout = timeout;
        this.instances = instances;
        this.startedAt = startedAt;
        this.out = out;
        this.records = new ProcessRecords(state.resolve("pids"));
        this.infrastructure = new LocalInfrastructure(this.root, state, logs, out, records);
        this.services = new ServiceLauncher(this.root, logs, out, records);
    }

    public static void main(String[] args) throws InterruptedException {
        var root = Path.of(System.getProperty("minasidor.root", "."));
        var skipped = Set.<String>of();
        var strict = false;
        var timeout = Duration.ofSeconds(180);
        var instances = 1;
        for (var arg : args) {
            if (arg.startsWith("--skip=")) {
                skipped = Arrays.stream(arg.substring("--skip=".length()).split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
            } else if (arg.equals("--strict")) {
                strict = true;
            } else if (arg.startsWith("--timeout=")) {
                timeout = Duration.ofSeconds(Long.parseLong(arg.substring("--timeout=".length())));
            } else if (arg.startsWith("--instances=")) {
                instances = Integer.parseInt(arg.substring("--instances=".length()));
                if (instances < 1 || instances > 9) {
                    System.err.println(
                            PREFIX + "--instances takes 1 to 9 (the ports of instance i are the usual + i×100)");
                    System.exit(64);
                }
            } else if (!arg.equals("up")) {
                System.err.println(PREFIX + "unknown option " + arg);
                System.exit(64);
            }
        }
        var startedAt = Long.getLong("minasidor.upStartedAt") != null
                ? Instant.ofEpochMilli(Long.getLong("minasidor.upStartedAt"))
                : Instant.now();
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var stack = new LocalStack(root, skipped, strict, timeout, instances, startedAt, out);
        int status = stack.up();
        if (status != 0) {
            System.exit(status);
        }
        new CountDownLatch(1).await();
    }

    /** Starts everything; 0 when the stack runs (fully or degraded), non-zero when nothing is left running. */
    int up() {
        var all = ServiceDefinition.all(root);
        var definitions = all.stream().filter(s -> !skipped.contains(s.name())).toList();
        var unknown = skipped.stream()
                .filter(name -> all.stream().noneMatch(s -> s.name().equals(name)))
                .toList();
        if (!unknown.isEmpty()) {
            out.println(PREFIX + "no such service to skip: " + unknown);
            return 64;
        }
        // Scaled out: each service's instances behind a balancer on its usual port, and one BankID simulator.
        var groups = new LinkedHashMap<ServiceDefinition, List<ServiceDefinition>>();
        if (instances > 1) {
            definitions.forEach(service -> groups.put(
                    service,
                    IntStream.rangeClosed(1, instances)
                            .mapToObj(service::instance)
                            .toList()));
        }
        var simulator = ServiceDefinition.simulator();
        var launched = new ArrayList<ServiceDefinition>();
        if (groups.isEmpty()) {
            launched.addAll(definitions);
        } else {
            launched.add(simulator);
            groups.values().forEach(launched::addAll);
        }
        var needed = neededPorts(launched);
        if (!groups.isEmpty()) {
            needed.putAll(LoadBalancer.ports(definitions));
        }
        var taken = PortCheck.taken(needed);
        if (!taken.isEmpty()) {
            out.println(PREFIX + PortCheck.explain(taken));
            return 2;
        }
        try {
            Files.createDirectories(logs);
            writeState("starting");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::down, "local-stack-shutdown"));
        records.record("launcher", ProcessHandle.current().pid(), LocalStack.class.getName());

        try {
            infrastructure.start();
        } catch (RuntimeException e) {
            out.println(PREFIX + "the infrastructure did not start: " + e.getMessage());
            out.println(PREFIX + "logs: " + logs);
            writeState("failed");
            return 1;
        }

        if (!groups.isEmpty()) {
            try {
                balancer = LoadBalancer.start(root, state, logs, groups, simulator, records, out);
            } catch (RuntimeException e) {
                out.println(PREFIX + "the load balancer did not start: " + e.getMessage());
                writeState("failed");
                return 1;
            }
        }

        var results = services.startAll(launched, timeout);
        if (services.stopping()) {
            return 0;
        }
        var failed = results.entrySet().stream()
                .filter(e -> e.getValue() != HealthCheck.Outcome.UP)
                .map(Map.Entry::getKey)
                .toList();
        if (!failed.isEmpty() && strict) {
            out.println(PREFIX + "--strict: stopping everything because " + failed + " did not become healthy.");
            writeState("failed");
            return 1;
        }
        var pids = new ArrayList<>(infrastructure.rootPids());
        pids.addAll(services.pids());
        if (balancer != null) {
            pids.add(balancer.pid());
        }
        var summary = StartSummary.text(root, logs, startedAt, launched, results, pids);
        out.print(summary);
        try {
            Files.writeString(state.resolve("summary.txt"), summary);
        } catch (IOException e) {
            out.println(PREFIX + "could not write the summary: " + e.getMessage());
        }
        writeState(failed.isEmpty() ? "up" : "degraded " + String.join(",", failed));
        services.watchForCrashes(results);
        return 0;
    }

    private static Map<Integer, String> neededPorts(List<ServiceDefinition> definitions) {
        var needed = LocalInfrastructure.ports();
        definitions.forEach(s -> {
            needed.put(s.port(), s.name());
            needed.put(s.managementPort(), s.name() + "'s management port");
        });
        return needed;
    }

    /** Stops the services first (they flush to Kafka and PostgreSQL on the way out), then the infrastructure. */
    synchronized void down() {
        if (stopped) {
            return;
        }
        stopped = true;
        writeState("stopping");
        out.println(PREFIX + "stopping…");
        services.stopAll();
        if (balancer != null) {
            balancer.close();
            records.forget("haproxy");
        }
        infrastructure.close();
        records.forget("launcher");
        writeState("stopped");
        out.println(PREFIX + "stopped.");
    }

    private void writeState(String value) {
        try {
            Files.createDirectories(state);
            Files.writeString(state.resolve("state"), value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lastLines(Path file, int count) {
        try {
            var lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }
}
