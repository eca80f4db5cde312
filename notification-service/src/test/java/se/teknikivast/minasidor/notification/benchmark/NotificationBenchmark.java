package se.teknikivast.minasidor.notification.benchmark;

import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.MailFolder;
import jakarta.mail.Flags;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaBroker;
import se.teknikivast.minasidor.infrastructure.embedded.PostgresServer;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;

/**
 * Throughput and latency of notification-service, run as its own process (the packaged jar) against a real Kafka
 * broker, PostgreSQL and a local SMTP server (GreenMail) started here. Measures, per phase: e-mails/s, time from Kafka
 * publish to the SMTP server accepting the mail (p50/p99), and the service process's CPU per e-mail.
 *
 * <p>Run: {@code ./mvnw -pl notification-service -am -Pbenchmark -DskipTests verify}. Not a test: nothing here is
 * asserted.
 */
public final class NotificationBenchmark {

    static final int WARM_UP = 1_000;
    static final int BURST = 6_000;
    static final int STEADY_RATE = 20;
    static final Duration STEADY_FOR = Duration.ofSeconds(15);
    static final String RECIPIENT = "bench@example.se";

    final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<long[]> accepted = new ConcurrentLinkedQueue<>(); // {msn, nanoTime}
    MailFolder inbox;

    public static void main(String[] args) throws Exception {
        new NotificationBenchmark().run(Path.of(args[0]));
        System.exit(0);
    }

    void run(Path jar) throws Exception {
        var started = System.nanoTime();
        try (var postgres = PostgresServer.startEphemeral();
                var kafka = KafkaBroker.startEphemeral();
                var smtp = SmtpServer.start(0)) {
            var jdbc = postgres.createDatabase("notifications");
            var user = smtp.greenMail().setUser(RECIPIENT, "bench", "bench");
            inbox = smtp.greenMail().getManagers().getImapHostManager().getInbox(user);
            inbox.addListener(new Listener());
            int port = freePort();
            int managementPort = freePort();
            var senders = System.getProperty("senders", "4");
            var command = List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx512m",
                    "-XX:+UseParallelGC",
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--management.server.port=" + managementPort,
                    // The demo secrets: a benchmark is a local run.
                    "--spring.profiles.active=local",
                    "--spring.datasource.url=" + jdbc,
                    "--spring.datasource.username=" + postgres.username(),
                    "--spring.datasource.password=" + postgres.password(),
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "--MINASIDOR_KAFKA_PASSWORD=" + kafka.password(KafkaAccess.NOTIFICATION_SERVICE),
                    "--spring.mail.port=" + smtp.port(),
                    "--minasidor.notification.delivery.senders=" + senders,
                    "--logging.level.root=WARN");
            var log = Files.createTempFile("notification-service-benchmark", ".log");
            var service = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                awaitReady(managementPort, service, log);
                System.out.printf(
                        "notification-service pid %d ready after %.1f s; senders=%s, SMTP GreenMail on port %d; log %s%n",
                        service.pid(), (System.nanoTime() - started) / 1e9, senders, smtp.port(), log);
                try (var producer = producer(kafka.clientProperties(KafkaAccess.AUTH_SERVICE))) {
                    phase("warm-up", producer, service, WARM_UP, 0);
                    phase("burst", producer, service, BURST, 0);
                    phase(
                            "steady " + STEADY_RATE + "/s",
                            producer,
                            service,
                            (int) (STEADY_RATE * STEADY_FOR.toSeconds()),
                            STEADY_RATE);
                }
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    void phase(String name, KafkaProducer<String, String> producer, Process service, int count, int perSecond)
            throws Exception {
        publishedAt.clear();
        int before = inbox.getMessageCount();
        var cpuBefore = cpu(service);
        long first = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (perSecond > 0) {
                long due = first + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000), 0);
                }
            }
            var id = UUID.randomUUID();
            var customer = String.valueOf(100_000 + i % 5_000);
            var json = """
                    {"id":"%s","type":"password-setup","version":1,"to":"%s","locale":"sv","customerNumber":"%s",\
                    "params":{"link":"http://localhost:8080/auth/losenord/l/%s","validMinutes":"60"},"occurredAt":"%s"}""".formatted(id, RECIPIENT, customer, UUID.randomUUID(), Instant.now());
            publishedAt.put(id.toString(), System.nanoTime());
            producer.send(new ProducerRecord<>("notification.email.v1", customer, json));
        }
        producer.flush();
        var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (inbox.getMessageCount() < before + count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        var cpuAfter = cpu(service);
        var messages = inbox.getMessages();
        var latencies = new ArrayList<Long>();
        long last = first;
        for (var acceptance : accepted) {
            int index = (int) acceptance[0] - 1;
            if (index < before || index >= messages.size()) {
                continue;
            }
            var messageId = messages.get(index).getMimeMessage().getMessageID();
            var id = messageId.substring(1, messageId.indexOf('@'));
            var sent = publishedAt.get(id);
            if (sent != null) {
                latencies.add(acceptance[1] - sent);
                last = Math.max(last, acceptance[1]);
            }
        }
        int received = inbox.getMessageCount() - before;
        var seconds = (last - first) / 1e9;
        var sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "%-12s published %5d, received %5d in %6.2f s = %7.1f e-mails/s; publish->SMTP accepted p50 %6.1f ms,"
                        + " p99 %6.1f ms, max %6.1f ms; service CPU %.2f ms per e-mail%n",
                name,
                count,
                received,
                seconds,
                received / seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                percentile(sorted, 1.0),
                (cpuAfter - cpuBefore) / 1e6 / Math.max(received, 1));
        if (received != count) {
            System.out.printf("  %d e-mails missing (or duplicated: %s)%n", count - received, received > count);
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    static long cpu(Process process) {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /** As auth-service, the one Kafka user who may write e-mail requests. */
    static KafkaProducer<String, String> producer(Map<String, Object> login) {
        var config = new java.util.HashMap<>(login);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static void awaitReady(int managementPort, Process service, Path log) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("notification-service exited; see " + log);
            }
            try {
                var connection = (HttpURLConnection)
                        URI.create("http://localhost:" + managementPort + "/actuator/health/readiness")
                                .toURL()
                                .openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("notification-service not ready; see " + log);
    }

    static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Called by GreenMail when a mail is stored, before it answers 250 to DATA: the moment of acceptance. */
    final class Listener implements FolderListener {
        @Override
        public void added(int msn) {
            accepted.add(new long[] {msn, System.nanoTime()});
        }

        @Override
        public void expunged(int msn) {}

        @Override
        public void flagsUpdated(int msn, Flags flags, Long uid) {}

        @Override
        public void mailboxDeleted() {}
    }
}
