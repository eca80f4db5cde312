package se.teknikivast.minasidor.customer.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka after they committed, in id order, and marks them published.
 *
 * <p>Delivery is at least once: a crash between Kafka's acknowledgement and the mark publishes a row again, so
 * consumers de-duplicate on the event id. Rows are claimed with {@code for update skip locked}, so several instances
 * can run relays without publishing the same row twice at the same time. When Kafka is unavailable the batch stays
 * unpublished and is retried every poll interval; nothing is lost across a restart because the rows are in
 * PostgreSQL.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final Clock clock;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean failing;
    private ScheduledExecutorService executor;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, String> kafka,
            OutboxProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    /** Asks for a relay round as soon as possible (after a commit that added events). */
    void wakeUp() {
        var executor = this.executor;
        if (executor != null && !failing && wakeUpPending.compareAndSet(false, true)) {
            executor.execute(this::relayQuietly);
        }
    }

    /** Publishes what is pending now; returns how many events were published. Used by the poll loop and tests. */
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
                log.info("Kafka is reachable again: customer events are being published");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn(
                        "Could not publish customer events, will retry every {}: {}",
                        properties.pollInterval(),
                        e.toString());
            }
            failing = true;
        }
    }

    private int relayBatch() {
        // The bookkeeping of a failed attempt commits too; the failure is raised after the transaction.
        var round = transactions.execute(status -> {
            var pending = jdbc.sql("""
                            select id, event_id, topic, message_key, event_type, payload
                              from outbox
                             where published_at is null
                             order by id
                             limit ?
                               for update skip locked""")
                    .param(properties.batchSize())
                    .query((rs, row) -> new Pending(
                            rs.getLong("id"),
                            rs.getObject("event_id", UUID.class),
                            rs.getString("topic"),
                            rs.getString("message_key"),
                            rs.getString("event_type"),
                            rs.getString("payload")))
                    .list();
            if (pending.isEmpty()) {
                return new Round(0, 0);
            }
            var acknowledged = send(pending);
            if (!acknowledged.isEmpty()) {
                jdbc.sql("update outbox set published_at = ?, attempts = attempts + 1, last_error = null"
                                + " where id = any(?)")
                        .params(Timestamp.from(clock.instant()), acknowledged.toArray(Long[]::new))
                        .update();
            }
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
                    "Kafka acknowledged " + round.published() + " of " + round.pending() + " customer events");
        }
        return round.published();
    }

    private record Round(int pending, int published) {}

    /**
     * Sends the batch in order and returns the ids of the prefix Kafka acknowledged. Stops at the first record that fails at once
     * (e.g. no metadata because the broker is down) so an outage costs one {@code max.block.ms}, not one per record.
     */
    private List<Long> send(List<Pending> pending) {
        var sent = new ArrayList<Sent>(pending.size());
        for (var event : pending) {
            var record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
            record.headers().add("event-type", event.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add("event-id", event.eventId().toString().getBytes(StandardCharsets.UTF_8));
            CompletableFuture<SendResult<String, String>> future;
            try {
                future = kafka.send(record);
            } catch (RuntimeException e) {
                break;
            }
            sent.add(new Sent(event.id(), future));
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
                // Only the acknowledged prefix counts as published, so that a retry never overtakes an earlier event
                // of the same customer; the rest is sent again later (consumers de-duplicate on the event id).
                break;
            }
        }
        return acknowledged;
    }

    private record Sent(long id, CompletableFuture<SendResult<String, String>> future) {}

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
        var interval = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::relayQuietly, 0, interval, TimeUnit.MILLISECONDS);
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
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private record Pending(long id, UUID eventId, String topic, String key, String type, String payload) {}
}
