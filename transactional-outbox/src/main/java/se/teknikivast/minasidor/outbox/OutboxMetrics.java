package se.teknikivast.minasidor.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What waits in the outbox, for the alert that says Kafka has not taken a service's messages for a while
 * ({@code OutboxNotPublishing} in ops/prometheus/alerts.yml): {@code outbox.messages.unpublished} (rows) and
 * {@code outbox.oldest.unpublished.age} (seconds since the oldest unpublished row was written; 0 when none waits).
 * One query on the partial index of unpublished rows answers both, at most once a second however often they are
 * scraped.
 */
final class OutboxMetrics implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Snapshot last = new Snapshot(Instant.MIN, 0, null);

    OutboxMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Snapshot(Instant takenAt, long unpublished, Instant oldest) {}

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "outbox.messages.unpublished",
                        this,
                        metrics -> metrics.snapshot().unpublished())
                .description("Outbox rows not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("outbox.oldest.unpublished.age", this, OutboxMetrics::oldestAgeSeconds)
                .description("Seconds since the oldest unpublished outbox row was written (0: none waits)")
                .baseUnit("seconds")
                .register(registry);
    }

    private double oldestAgeSeconds() {
        var snapshot = snapshot();
        return snapshot.oldest() == null
                ? 0
                : Math.max(
                        0, Duration.between(snapshot.oldest(), clock.instant()).toMillis() / 1000.0);
    }

    private Snapshot snapshot() {
        var now = clock.instant();
        var current = last;
        if (Duration.between(current.takenAt(), now).compareTo(FRESH_FOR) < 0) {
            return current;
        }
        var fresh = jdbc.sql(
                        "select count(*) as waiting, min(created_at) as oldest from outbox where published_at is null")
                .query((rs, row) -> {
                    Timestamp oldest = rs.getTimestamp("oldest");
                    return new Snapshot(now, rs.getLong("waiting"), oldest == null ? null : oldest.toInstant());
                })
                .single();
        last = fresh;
        return fresh;
    }
}
