package se.teknikivast.minasidor.infrastructure.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test moves by hand, so lockouts, link expiry, BankID's windows and retention periods pass in no time. The
 * services take their {@link Clock} as a bean; {@link AsApplicationClock} makes it this one.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static MutableClock startingNow() {
        return new MutableClock(Instant.now());
    }

    /** {@code @Import(MutableClock.AsApplicationClock.class)}: the application's {@link Clock} is a MutableClock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class AsApplicationClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return startingNow();
        }
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
