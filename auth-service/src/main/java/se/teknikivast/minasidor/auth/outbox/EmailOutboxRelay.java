package se.teknikivast.minasidor.auth.outbox;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed {@code email_outbox} rows to Kafka in id order (key = customer number) and marks them
 * published, erasing the payload (recipient and one-time link) once Kafka has it.
 *
 * <p>At least once: a crash between Kafka's acknowledgement and the mark publishes the row again with the same
 * request id, which notification-service de-duplicates. Rows are claimed {@code for update skip locked}, so two
 * instances never publish the same row at the same time. While Kafka is down rows stay pending in PostgreSQL and are
 * retried every poll interval, across restarts too. The producer is this relay's own (short blocking times, acks=all,
 * idempotence), so it does not depend on, or change, any other Kafka use in the service.
 */
@Component
public class EmailOutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmailOutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaProperties kafkaProperties;
    private final EmailOutboxProperties properties;
    private final Clock clock;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    /**
     * Trace headers of the requests that wait here, so notification-service continues the registration's trace. Kept in
     * memory only (bounded): after a restart a request starts a new trace, which is fine for tracing.
     */
    private final Map<UUID, Map<String, String>> traces = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Map<String, String>> eldest) {
            return size() > 10_000;
        }
    };

    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean failing;
    private volatile ScheduledExecutorService executor;
    private volatile DefaultKafkaProducerFactory<String, String> producers;
    private volatile KafkaTemplate<String, String> kafka;

    EmailOutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaProperties kafkaProperties,
            EmailOutboxProperties properties,
            Clock clock,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafkaProperties = kafkaProperties;
        this.properties = properties;
        this.clock = clock;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Remembers the current trace (W3C traceparent) for a request just written to the outbox. */
    void rememberTraceOf(UUID requestId) {
        var current = tracer.getIfAvailable();
        var headers = propagator.getIfAvailable();
        var context = current == null ? null : current.currentTraceContext().context();
        if (headers == null || context == null) {
            return;
        }
        var carrier = new LinkedHashMap<String, String>();
        headers.inject(context, carrier, Map::put);
        synchronized (traces) {
            traces.put(requestId, carrier);
        }
    }

    /** Asks for a relay round soon (after a commit that added rows); a failing relay waits for its next poll. */
    void wakeUp() {
        var executor = this.executor;
        if (executor != null && !failing && wakeUpPending.compareAndSet(false, true)) {
            executor.execute(this::relayQuietly);
        }
    }

    /** Publishes what is pending now and returns how many rows were published (poll loop and tests). */
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
                log.info(
                        "Kafka is reachable again: outbox messages (e-mail requests, auth events) are being published");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn(
                        "Could not publish outbox messages (e-mail requests, auth events), retrying every {}: {}",
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
        var round = transactions.execute(status -> {
            var pending = jdbc.sql("""
                            select id, request_id, topic, message_key, request_type, payload
                              from email_outbox
                             where published_at is null
                             order by id
                             limit ?
                               for update skip locked""")
                    .param(properties.batchSize())
                    .query((rs, row) -> new Pending(
                            rs.getLong("id"),
                            rs.getObject("request_id", UUID.class),
                            rs.getString("topic"),
                            rs.getString("message_key"),
                            rs.getString("request_type"),
                            rs.getString("payload")))
                    .list();
            if (pending.isEmpty()) {
                return new Round(0, 0);
            }
            var acknowledged = send(template, pending);
            if (!acknowledged.isEmpty()) {
                jdbc.sql("""
                                update email_outbox
                                   set published_at = ?, payload = null, attempts = attempts + 1, last_error = null
                                 where id = any(?)""")
                        .params(Timestamp.from(clock.instant()), acknowledged.toArray(Long[]::new))
                        .update();
            }
            if (acknowledged.size() < pending.size()) {
                var failed = pending.stream()
                        .map(Pending::id)
                        .filter(id -> !acknowledged.contains(id))
                        .toArray(Long[]::new);
                jdbc.sql("update email_outbox set attempts = attempts + 1, last_error = ? where id = any(?)")
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
                    "Kafka acknowledged " + round.published() + " of " + round.pending() + " e-mail requests");
        }
        return round.published();
    }

    private record Round(int pending, int published) {}

    /** Sends in order and returns the acknowledged prefix, so a retry never overtakes an earlier request. */
    private List<Long> send(KafkaTemplate<String, String> kafka, List<Pending> pending) {
        var sent = new ArrayList<Sent>(pending.size());
        for (var row : pending) {
            var record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
            record.headers().add("event-type", row.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add("event-id", row.requestId().toString().getBytes(StandardCharsets.UTF_8));
            Map<String, String> trace;
            synchronized (traces) {
                trace = traces.remove(row.requestId());
            }
            if (trace != null) {
                trace.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            }
            CompletableFuture<SendResult<String, String>> future;
            try {
                future = kafka.send(record);
            } catch (RuntimeException e) {
                break;
            }
            sent.add(new Sent(row.id(), future));
            if (future.isCompletedExceptionally()) {
                break;
            }
        }
        var acknowledged = new ArrayList<Long>(sent.size());
        for (var each : sent) {
            try {
                each.future().get(30, TimeUnit.SECONDS);
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

    private record Sent(long id, CompletableFuture<SendResult<String, String>> future) {}

    private record Pending(long id, UUID requestId, String topic, String key, String type, String payload) {}

    @Override
    public void start() {
        var config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A stopped broker must cost one short wait per round, not Kafka's default 60 s.
        var timeout = (int) properties.sendTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5000, timeout));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(5000, timeout));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producers = new DefaultKafkaProducerFactory<>(config);
        kafka = new KafkaTemplate<>(producers);
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("email-outbox-relay").daemon(true).factory());
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
