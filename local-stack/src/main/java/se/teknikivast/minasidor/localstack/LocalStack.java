package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaBroker;
import se.teknikivast.minasidor.infrastructure.embedded.PostgresServer;
import se.teknikivast.minasidor.infrastructure.embedded.RedisServer;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;

/**
 * The local stack: PostgreSQL, Redis, a Kafka broker and an SMTP server with a web inbox on non-standard ports, then
 * the five services as separate JVMs; it waits until they are healthy, prints how to use them, and stops everything
 * on Ctrl-C or SIGTERM ({@code ./mina-sidor down}).
 *
 * <p>Options: {@code --skip=gateway,auth-service} (run those yourself, e.g. from the IDE), {@code --strict} (stop
 * everything if a service does not become healthy), {@code --timeout=SECONDS} (how long to wait for health).
 */
public final class LocalStack {

    static final int POSTGRES_PORT = 15432;
    static final int REDIS_PORT = 16379;
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int SMTP_PORT = 13025;
    static final int INBOX_PORT = 13080;
    static final List<String> DATABASES = List.of("customers", "auth", "notifications");

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
    private final HealthCheck health = new HealthCheck(Duration.ofMillis(500));

    private final List<AutoCloseable> infrastructure = new CopyOnWriteArrayList<>();
    private final Map<String, Process> services = new ConcurrentHashMap<>();
    private final List<Long> rootPids = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<KafkaBroker> kafkaStart;
    private volatile boolean stopping;

    LocalStack(Path root, Set<String> skipped, boolean strict, Duration timeout, Instant startedAt, PrintStream out) {
        this.root = root.toAbsolutePath().normalize();
        this.state = this.root.resolve(".local-stack");
        this.logs = state.resolve("logs");
        this.skipped = Set.copyOf(skipped);
        this.strict = strict;
        this.timeout = timeout;
        this.startedAt = startedAt;
        this.out = out;
        this.records = new ProcessRecords(state.resolve("pids"));
    }

    public static void main(String[] args) throws InterruptedException {
        var root = Path.of(System.getProperty("minasidor.root", "."));
        var skipped = Set.<String>of();
        var strict = false;
        var timeout = Duration.ofSeconds(180);
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
            } else if (!arg.equals("up")) {
                System.err.println(PREFIX + "unknown option " + arg);
                System.exit(64);
            }
        }
        var startedAt = Long.getLong("minasidor.upStartedAt") != null
                ? Instant.ofEpochMilli(Long.getLong("minasidor.upStartedAt"))
                : Instant.now();
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var stack = new LocalStack(root, skipped, strict, timeout, startedAt, out);
        int status = stack.up();
        if (status != 0) {
            System.exit(status);
        }
        new CountDownLatch(1).await();
    }

    /** Starts everything; 0 when the stack runs (fully or degraded), non-zero when nothing is left running. */
    int up() {
        var definitions = ServiceDefinition.all(root).stream()
                .filter(s -> !skipped.contains(s.name()))
                .toList();
        var unknown = skipped.stream()
                .filter(name -> ServiceDefinition.all(root).stream()
                        .noneMatch(s -> s.name().equals(name)))
                .toList();
        if (!unknown.isEmpty()) {
            out.println(PREFIX + "no such service to skip: " + unknown);
            return 64;
        }
        var taken = PortCheck.taken(neededPorts(definitions));
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
            startInfrastructure();
        } catch (RuntimeException e) {
            out.println(PREFIX + "the infrastructure did not start: " + e.getMessage());
            out.println(PREFIX + "logs: " + logs);
            writeState("failed");
            return 1;
        }

        var results = startServices(definitions);
        if (stopping) {
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
        printSummary(definitions, results);
        writeState(failed.isEmpty() ? "up" : "degraded " + String.join(",", failed));
        watchForCrashes(results);
        return 0;
    }

    private Map<Integer, String> neededPorts(List<ServiceDefinition> definitions) {
        var needed = new LinkedHashMap<Integer, String>();
        needed.put(POSTGRES_PORT, "PostgreSQL");
        needed.put(REDIS_PORT, "Redis");
        needed.put(KAFKA_PORT, "Kafka");
        needed.put(KAFKA_CONTROLLER_PORT, "the Kafka controller");
        needed.put(SMTP_PORT, "SMTP");
        needed.put(INBOX_PORT, "the web inbox");
        definitions.forEach(s -> {
            needed.put(s.port(), s.name());
            needed.put(s.managementPort(), s.name() + "'s management port");
        });
        return needed;
    }

    private void startInfrastructure() {
        var began = Instant.now();
        // Kafka takes longest; it starts in its own JVM while the rest comes up here.
        // Each service logs in as its own Kafka user with the password of its local profile.
        var kafkaPasswords = new LinkedHashMap<String, String>();
        ServiceDefinition.all(root)
                .forEach(service -> service.kafkaPassword(root).ifPresent(p -> kafkaPasswords.put(service.name(), p)));
        var kafka = CompletableFuture.supplyAsync(() -> KafkaBroker.start(
                KAFKA_PORT,
                KAFKA_CONTROLLER_PORT,
                state.resolve("kafka"),
                "512m",
                logs.resolve("kafka.log"),
                kafkaPasswords));
        kafkaStart = kafka;

        var postgresData = state.resolve("postgres");
        var postgres = PostgresServer.start(POSTGRES_PORT, postgresData, logs.resolve("postgres.log"));
        infrastructure.add(postgres);
        long postmaster = ProcessRecords.postmasterPid(postgresData);
        records.record("postgres", postmaster, "postgres");
        rootPids.add(postmaster);
        DATABASES.forEach(postgres::createDatabase);
        out.println(PREFIX + "PostgreSQL 17 on localhost:" + POSTGRES_PORT + " (databases " + DATABASES + ", data in "
                + root.relativize(postgresData) + ")");

        // Each service logs in as its own Redis user (RedisAccess: its own keys only) with its local profile's
        // password.
        var redisPasswords = new LinkedHashMap<String, String>();
        ServiceDefinition.all(root)
                .forEach(service -> service.redisPassword(root).ifPresent(p -> redisPasswords.put(service.name(), p)));
        var redis = RedisServer.start(
                REDIS_PORT, logs.resolve("redis.log"), RedisServer.DEFAULT_MAX_MEMORY, redisPasswords);
        infrastructure.add(redis);
        ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().orElse("").contains("redis-server"))
                .forEach(p -> records.record("redis", p.pid(), "redis-server"));
        out.println(PREFIX + "Redis on localhost:" + REDIS_PORT);

        var smtp = SmtpServer.start(SMTP_PORT);
        infrastructure.add(smtp);
        var inbox = new MailInbox(
                        smtp, state.resolve("mail"), ServiceDefinition.printQueue(root), out, Clock.systemDefaultZone())
                .start(INBOX_PORT);
        infrastructure.add(inbox);
        out.println(PREFIX + "SMTP on localhost:" + SMTP_PORT + ", web inbox on http://localhost:" + INBOX_PORT + "/");

        var broker = kafka.join();
        // Stopped before Postgres and Redis: infrastructure closes in reverse order.
        infrastructure.add(broker);
        records.record("kafka", broker.pid(), "kafka.Kafka");
        out.println(PREFIX + "Kafka (KRaft) on localhost:" + KAFKA_PORT + " (SASL/SCRAM, a user per service)");
        out.printf(
                PREFIX + "infrastructure ready in %.1f s%n",
                Duration.between(began, Instant.now()).toMillis() / 1000.0);
    }

    private Map<String, HealthCheck.Outcome> startServices(List<ServiceDefinition> definitions) {
        var deadline = Instant.now().plus(timeout);
        var outcomes = new ConcurrentHashMap<String, HealthCheck.Outcome>();
        var threads = new ArrayList<Thread>();
        for (var service : definitions) {
            threads.add(Thread.ofVirtual()
                    .name("start-" + service.name())
                    .start(() -> outcomes.put(service.name(), startService(service, deadline))));
        }
        for (var thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var results = new LinkedHashMap<String, HealthCheck.Outcome>();
        // A start that threw left no outcome: the service did not come up.
        definitions.forEach(s -> results.put(s.name(), outcomes.getOrDefault(s.name(), HealthCheck.Outcome.EXITED)));
        return results;
    }

    private HealthCheck.Outcome startService(ServiceDefinition service, Instant deadline) {
        var jar = service.jar(root);
        var log = logs.resolve(service.name() + ".log");
        if (!Files.isRegularFile(jar)) {
            out.println(PREFIX + service.name() + ": " + root.relativize(jar)
                    + " is missing, not started (build it: ./mvnw -q -DskipTests package)");
            return HealthCheck.Outcome.EXITED;
        }
        Process process;
        // Under the lock down() holds: a service is either started before down() looks, or not at all.
        synchronized (this) {
            if (stopping) {
                return HealthCheck.Outcome.EXITED;
            }
            try {
                process = new ProcessBuilder(serviceCommand(service, jar))
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                out.println(PREFIX + service.name() + " could not be started: " + e.getMessage());
                return HealthCheck.Outcome.EXITED;
            }
            services.put(service.name(), process);
            records.record(service.name(), process.pid(), jar.toString());
            rootPids.add(process.pid());
        }
        var began = Instant.now();
        var outcome = health.await(service.healthUrl(), process::isAlive, deadline);
        if (stopping) {
            return outcome;
        }
        var seconds = Duration.between(began, Instant.now()).toMillis() / 1000.0;
        switch (outcome) {
            case UP -> out.printf(PREFIX + "%s is UP on %s (%.1f s)%n", service.name(), service.baseUrl(), seconds);
            case EXITED -> {
                out.printf(
                        PREFIX + "%s EXITED with code %d after %.1f s. Last lines of %s:%n",
                        service.name(),
                        process.exitValue(),
                        seconds,
                        root.relativize(log));
                lastLines(log, 25).forEach(line -> out.println("    " + line));
            }
            case TIMED_OUT -> {
                out.printf(
                        PREFIX + "%s is still not healthy at %s after %.1f s. Last lines of %s:%n",
                        service.name(),
                        service.healthUrl(),
                        seconds,
                        root.relativize(log));
                lastLines(log, 25).forEach(line -> out.println("    " + line));
            }
        }
        return outcome;
    }

    private List<String> serviceCommand(ServiceDefinition service, Path jar) {
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

    private void watchForCrashes(Map<String, HealthCheck.Outcome> results) {
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

    private void printSummary(List<ServiceDefinition> definitions, Map<String, HealthCheck.Outcome> results) {
        var now = Instant.now();
        var launched = ProcessHandle.current().info().startInstant().orElse(startedAt);
        var seconds = Duration.between(launched, now).toMillis() / 1000.0;
        // startedAt is when ./mina-sidor up began; the difference is the build and the script's checks.
        var before = Math.max(0, Duration.between(startedAt, launched).toMillis() / 1000.0);
        var pids = new ArrayList<Long>(rootPids);
        pids.add(ProcessHandle.current().pid());
        var rss = ProcessRecords.totalRss(pids);
        var up = results.values().stream()
                .filter(o -> o == HealthCheck.Outcome.UP)
                .count();
        var text = new StringBuilder();
        text.append("\n==========================================================================\n");
        text.append(" Mina sidor local stack: %d of %d services UP in %.1f s (+ %.1f s build/checks before)%n"
                .formatted(up, definitions.size(), seconds, before));
        text.append(" Total RSS of its %d processes: %d MiB%n".formatted(processCount(pids), rss / (1024 * 1024)));
        results.forEach((name, outcome) -> {
            if (outcome != HealthCheck.Outcome.UP) {
                text.append("   NOT UP: %s (%s) – see .local-stack/logs/%s.log%n".formatted(name, outcome, name));
            }
        });
        text.append("==========================================================================\n");
        text.append(" Open:            http://localhost:8080/\n");
        text.append(" Password logins (customer number or 16-prefixed organisation number + password):\n");
        for (var login : DemoData.passwordLogins(root.resolve("local-stack/src/main/resources/demo"))) {
            text.append("   %-7s %-30s %s%n".formatted(login.customerNumber(), login.name(), login.password()));
        }
        text.append(" Mobilt BankID (simulator personas; approve on the tester page):\n");
        for (var persona : DemoData.bankIdPersonas()) {
            text.append("   %s  %-18s %s%n".formatted(persona[0], persona[1], persona[2]));
        }
        text.append(" BankID tester:   http://localhost:8082/simulator\n");
        text.append(
                " Mail inbox:      http://localhost:%d/  (.eml files in .local-stack/mail/)%n".formatted(INBOX_PORT));
        text.append(" Letters:         http://localhost:%d/letters  (PDFs in .local-stack/print-queue/)%n"
                .formatted(INBOX_PORT));
        text.append(" Health and metrics (management ports, never routed by the gateway):\n");
        definitions.forEach(s -> text.append("   %s%n".formatted(s.prometheusUrl())));
        text.append(" PostgreSQL:      jdbc:postgresql://localhost:%d/{%s} (postgres/postgres)%n"
                .formatted(POSTGRES_PORT, String.join(",", DATABASES)));
        text.append(" Redis localhost:%d · Kafka localhost:%d · SMTP localhost:%d%n"
                .formatted(REDIS_PORT, KAFKA_PORT, SMTP_PORT));
        text.append(" Logs:            %s/%n".formatted(logs));
        text.append(" Stop:            Ctrl-C here, or ./mina-sidor down\n");
        text.append("==========================================================================\n");
        out.print(text);
        try {
            Files.writeString(state.resolve("summary.txt"), text);
        } catch (IOException e) {
            out.println(PREFIX + "could not write the summary: " + e.getMessage());
        }
    }

    private static long processCount(List<Long> roots) {
        return roots.stream()
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .mapToLong(handle -> 1 + handle.descendants().count())
                .sum();
    }

    /** Stops the services first (they flush to Kafka and Postgres on the way out), then the infrastructure. */
    synchronized void down() {
        if (stopping) {
            return;
        }
        stopping = true;
        writeState("stopping");
        out.println(PREFIX + "stopping…");
        services.values().forEach(Process::destroy);
        var kafka = kafkaStart;
        if (kafka != null && !infrastructure.contains(kafka.getNow(null))) {
            // Stopped while Kafka was still starting: wait for it, so its JVM is not left behind.
            try {
                kafka.get(90, TimeUnit.SECONDS).close();
            } catch (Exception e) {
                out.println(PREFIX + "Kafka did not start: " + e.getMessage());
            }
        }
        services.forEach((name, process) -> {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    out.println(PREFIX + name + " did not stop in 30 s; killing it");
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            records.forget(name);
        });
        for (int i = infrastructure.size() - 1; i >= 0; i--) {
            try {
                infrastructure.get(i).close();
            } catch (Exception e) {
                out.println(PREFIX + "while stopping: " + e.getMessage());
            }
        }
        List.of("kafka", "redis", "postgres", "launcher").forEach(records::forget);
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
