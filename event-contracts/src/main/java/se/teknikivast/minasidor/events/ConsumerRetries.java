package se.teknikivast.minasidor.events;

import java.time.Duration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How a consumer of {@link Topics#CUSTOMER_EVENTS} or {@link Topics#AUTH_EVENTS} treats a record it could not handle
 * because something of its own (PostgreSQL, Redis) is down: it tries again with back-off from 1 s up to 1 min between
 * tries, for an hour, before the record is logged and skipped. These events end sessions and invalidate links, so a
 * short outage must not let one through unapplied, and a long one must not hold up the partition for ever. Spring
 * Kafka's default (ten quick tries) would give up within a second.
 */
public final class ConsumerRetries {

    static final Duration FIRST_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofMinutes(1);
    static final Duration GIVE_UP_AFTER = Duration.ofHours(1);

    private ConsumerRetries() {}

    /** A new error handler with the back-off above, for a service's {@code DefaultErrorHandler} bean. */
    public static DefaultErrorHandler forAnHour() {
        return new DefaultErrorHandler(backOff());
    }

    static BackOff backOff() {
        var backOff = new ExponentialBackOff(FIRST_INTERVAL.toMillis(), 2.0);
        backOff.setMaxInterval(MAX_INTERVAL.toMillis());
        backOff.setMaxElapsedTime(GIVE_UP_AFTER.toMillis());
        return backOff;
    }
}
