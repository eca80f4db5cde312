package se.teknikivast.minasidor.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaBroker;
import se.teknikivast.minasidor.infrastructure.embedded.PostgresServer;
import se.teknikivast.minasidor.infrastructure.embedded.RedisServer;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;

/**
 * The local stack's infrastructure on its own ports: PostgreSQL with the services' databases, Redis with a user per
 * service, a Kafka broker (its own JVM) with a SCRAM user per service, and an SMTP server with a web inbox. Each
 * service's Redis and Kafka password is the one of its local profile. Closing stops it all, last started first.
 */
final class LocalInfrastructure implements AutoCloseable {

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
    private final PrintStream out;
    private final ProcessRecords records;
    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
    private final List<Long> rootPids = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<KafkaBroker> kafkaStart;

    LocalInfrastructure(Path root, Path state, Path logs, PrintStream out, ProcessRecords records) {
        this.root = root;
        this.state = state;
        this.logs = logs;
        this.out = out;
        this.records = records;
    }

    /** The ports the infrastructure listens on, with what listens there. */
    static Map<Integer, String> ports() {
        var ports = new LinkedHashMap<Integer, String>();
        ports.put(POSTGRES_PORT, "PostgreSQL");
        ports.put(REDIS_PORT, "Redis");
        ports.put(KAFKA_PORT, "Kafka");
        ports.put(KAFKA_CONTROLLER_PORT, "the Kafka controller");
        ports.put(SMTP_PORT, "SMTP");
        ports.put(INBOX_PORT, "the web inbox");
        return ports;
    }

    /** The processes started here that are not children of this JVM's children (PostgreSQL's postmaster). */
    List<Long> rootPids() {
        return List.copyOf(rootPids);
    }

    void start() {
        var began = Instant.now();
        // Kafka takes longest; it starts in its own JVM while the rest comes up here.
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
        started.add(postgres);
        long postmaster = ProcessRecords.postmasterPid(postgresData);
        records.record("postgres", postmaster, "postgres");
        rootPids.add(postmaster);
        DATABASES.forEach(postgres::createDatabase);
        out.println(PREFIX + "PostgreSQL 17 on localhost:" + POSTGRES_PORT + " (databases " + DATABASES + ", data in "
                + root.relativize(postgresData) + ")");

        // RedisAccess: each service's user sees its own keys only.
        var redisPasswords = new LinkedHashMap<String, String>();
        ServiceDefinition.all(root)
                .forEach(service -> service.redisPassword(root).ifPresent(p -> redisPasswords.put(service.name(), p)));
        var redis = RedisServer.start(
                REDIS_PORT, logs.resolve("redis.log"), RedisServer.DEFAULT_MAX_MEMORY, redisPasswords);
        started.add(redis);
        ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().orElse("").contains("redis-server"))
                .forEach(p -> records.record("redis", p.pid(), "redis-server"));
        out.println(PREFIX + "Redis on localhost:" + REDIS_PORT);

        var smtp = SmtpServer.start(SMTP_PORT);
        started.add(smtp);
        var inbox = new MailInbox(
                        smtp, state.resolve("mail"), ServiceDefinition.printQueue(root), out, Clock.systemDefaultZone())
                .start(INBOX_PORT);
        started.add(inbox);
        out.println(PREFIX + "SMTP on localhost:" + SMTP_PORT + ", web inbox on http://localhost:" + INBOX_PORT + "/");

        var broker = kafka.join();
        // Stopped before Postgres and Redis: the infrastructure closes in reverse order.
        started.add(broker);
        records.record("kafka", broker.pid(), "kafka.Kafka");
        out.println(PREFIX + "Kafka (KRaft) on localhost:" + KAFKA_PORT + " (SASL/SCRAM, a user per service)");
        out.printf(
                PREFIX + "infrastructure ready in %.1f s%n",
                Duration.between(began, Instant.now()).toMillis() / 1000.0);
    }

    /** Stops what started, last first; a Kafka still starting is waited for, so its JVM is not left behind. */
    @Override
    public void close() {
        var kafka = kafkaStart;
        if (kafka != null && !started.contains(kafka.getNow(null))) {
            try {
                kafka.get(90, TimeUnit.SECONDS).close();
            } catch (Exception e) {
                out.println(PREFIX + "Kafka did not start: " + e.getMessage());
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                out.println(PREFIX + "while stopping: " + e.getMessage());
            }
        }
        List.of("kafka", "redis", "postgres").forEach(records::forget);
    }
}
