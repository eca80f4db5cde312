package se.teknikivast.minasidor.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with a little jitter, so that a recovering SMTP server is not hit by every retry at once. */
record RetrySchedule(Duration first, Duration max) {

    static RetrySchedule of(DeliveryProperties properties) {
        return new RetrySchedule(properties.firstRetryAfter(), properties.maxRetryInterval());
    }

    /** When to try again after {@code attempts} failed attempts. */
    Instant next(int attempts, Instant now) {
        var exponent = Math.min(Math.max(attempts - 1, 0), 30);
        var millis = Math.min(first.toMillis() * (1L << exponent), max.toMillis());
        var jitter = (long) (millis * 0.1 * ThreadLocalRandom.current().nextDouble());
        return now.plusMillis(millis + jitter);
    }
}
