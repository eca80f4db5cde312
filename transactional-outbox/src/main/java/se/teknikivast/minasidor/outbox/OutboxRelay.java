package se.teknikivast.minasidor.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka in id order and marks them published (erasing the payload unless told
 * otherwise).
 *
 * <p>At least once: a crash between Kafka's acknowledgement and the mark publishes a row again with the same message
 * id, on which consumers de-duplicate. Rows are claimed {@code for update skip locked}, so several instances never
 * publish the same row at the same time. Only the acknowledged prefix of a batch counts as published, so a retry never
 * overtakes an earlier message of the same customer. While Kafka is down the rows wait in PostgreSQL and are retried
 * every poll interval, across restarts too; the outage is logged once (WARN), without payloads. The producer is the
 * relay's own (acks=all, idempotence, short blocking times: a stopped broker costs one short wait per round, not
 * Kafka's default 60 s), built from the service's {@code spring.kafka.*} settings, so credentials apply to it too.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaProperties kafkaProperties;
    private final OutboxProperties properties;
    private final Clock clock;
    private final ObjectProvider<WaitingTraces> traces;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean failing;
    private volatile ScheduledExecutorService executor;
    private volatile DefaultKafkaProducerFactory<String, String> producers;
    private volatile KafkaTemplate<String, String> kafka;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaProperties kafkaProperties,
            OutboxProperties properties,
            Clock clock,
            ObjectProvider<WaitingTraces> traces) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafkaProperties = kafkaProperties;
        this.properties = properties;
        this.clock = clock;
        this.traces = traces;
    }

    void rememberTraceOf(UUID messageId) {
        traces.ifAvailable(waiting -> waiting.remember(messageId));
    }

    /** Asks for a relay round soon (after a commit that added rows); a failing relay waits for its next poll. */
    void wakeUp() {
        var executor = this.executor;
        if (executor != null && !failing && wakeUpPending.compareAndSet(false, true)) {
            executor.execute(this::relayQuietly);
        }
    }

    /** Publishes what is pending now and returns how many rows were published (the poll loop, and tests). */
    public int relayPending() {
        int total = 0;
        int published;
        do {
            published = relayBatch();
            total += published;
        } while (published == properties.batchSize());
        return total;
    }

    private void relayQuietly() {
        wakeUpPending.set(false);
        try {
            relayPending();
            if (failing) {
                log.info("Kafka is reachable again: the outbox's messages are being published");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn(
                        "Could not publish the outbox's messages, retrying every {}: {}",
                        properties.pollInterval(),
                        e.getClass().getSimpleName());
            }
            failing = true;
        }
    }

    private int relayBatch() {
        var template = this.kafka;
        if (template == null) {
            return 0;
        }
        // The bookkeeping of a failed attempt commits too; the failure is raised after the transaction.
        var round = transactions.execute(status -> {
            var pending = jdbc.sql("""
                            select id, message_id, topic, message_key, message_type, payload
                              from outbox
                             where published_at is null
                             order by id
                             limit ?
                               for update skip locked""")
                    .param(properties.batchSize())
                    .query((rs, row) -> new Pending(
                            rs.getLong("id"),
                            rs.getObject("message_id", UUID.class),
                            rs.getString("topic"),
                            rs.getString("message_key"),
                            rs.getString("message_type"),
                            rs.getString("payload")))
                    .list();
            if (pending.isEmpty()) {
                return new Round(0, 0);
            }
            var acknowledged = send(template, pending);
            markPublished(acknowledged);
            if (acknowledged.size() < pending.size()) {
                var failed = pending.stream()
                        .map(Pending::id)
                        .filter(id -> !acknowledged.contains(id))
                        .toArray(Long[]::new);
                jdbc.sql("update outbox set attempts = attempts + 1, last_error = ? where id = any(?)")
                        .params("not acknowledged by Kafka", failed)
                        .update();
            }
            return new Round(pending.size(), acknowledged.size());
        });
        if (round == null) {
            return 0;
        }
        if (round.published() < round.pending()) {
            throw new IllegalStateException(
                    "Kafka acknowledged " + round.published() + " of " + round.pending() + " outbox messages");
        }
        return round.published();
    }

    private void markPublished(List<Long> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        var payload = properties.erasePublishedPayload() ? "payload = null, " : "";
        jdbc.sql("update outbox set published_at = ?, " + payload + "attempts = attempts + 1, last_error = null"
                        + " where id = any(?)")
                .params(Timestamp.from(clock.instant()), acknowledged.toArray(Long[]::new))
                .update();
    }

    private record Round(int pending, int published) {}

    /**
     * Sends the batch in order and returns the ids of the prefix Kafka acknowledged. Stops at the first record that
     * fails at once (no metadata because the broker is down, say), so an outage costs one wait, not one per record.
     */
    private List<Long> send(KafkaTemplate<String, String> kafka, List<Pending> pending) {
        var sent = new ArrayList<Sent>(pending.size());
        for (var row : pending) {
            var record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            record.headers().add("event-type", row.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add("event-id", row.messageId().toString().getBytes(StandardCharsets.UTF_8));
            var waiting = traces.getIfAvailable();
            var trace = waiting == null ? null : waiting.take(row.messageId());
            if (trace != null) {
                trace.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            }
            CompletableFuture<RecordMetadata> future;
            try {
                future = kafka.send(record).thenApply(result -> result.getRecordMetadata());
            } catch (RuntimeException e) {
                break;
            }
            sent.add(new Sent(row.id(), future));
            if (future.isCompletedExceptionally()) {
                break;
            }
        }
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        var acknowledged = new ArrayList<Long>(sent.size());
        for (var each : sent) {
            try {
                each.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(each.id());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                break;
            }
        }
        return acknowledged;
    }

    private record Sent(long id, CompletableFuture<RecordMetadata> future) {}

    private record Pending(long id, UUID messageId, String topic, String key, String type, String payload) {}

    @Override
    public void start() {
        var config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        var timeout = (int) properties.sendTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5000, timeout));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(5000, timeout));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producers = new DefaultKafkaProducerFactory<>(config);
        kafka = new KafkaTemplate<>(producers);
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
        executor.scheduleWithFixedDelay(
                this::relayQuietly, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        var executor = this.executor;
        this.executor = null;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka = null;
        var producers = this.producers;
        this.producers = null;
        if (producers != null) {
            producers.destroy();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
