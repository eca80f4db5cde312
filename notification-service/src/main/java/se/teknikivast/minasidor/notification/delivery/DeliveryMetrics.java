package se.teknikivast.minasidor.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.notification.templates.EmailTemplates;

/**
 * Business meters, tagged by e-mail type only (never an address): {@code notification.emails.sent},
 * {@code .failed} (transient failures, retried), {@code .dead.lettered} (given up, by reason),
 * {@code .duplicates} (redelivered requests ignored), {@code .reclaimed} (sent again after an expired claim), the
 * SMTP time per mail {@code notification.emails.send} and the time from request to SMTP acceptance
 * {@code notification.emails.delivery}.
 */
@Component
public class DeliveryMetrics {

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry, Deliveries deliveries) {
        this.registry = registry;
        registry.gauge("notification.deliveries.unsent", deliveries, d -> {
            try {
                return d.countUnsent();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        });
        // Registered now, so that the e-mail dashboard and the dead-letter alert see 0 rather than no series.
        for (var type : EmailTemplates.TYPES) {
            counter("notification.emails.sent", type);
            counter("notification.emails.failed", type);
            sendTimer(type);
            deliveryTimer(type);
            for (var reason : List.of("permanent", "retries-exhausted", "invalid-request")) {
                deadLetterCounter(type, reason);
            }
        }
    }

    /** Types are a closed set, so that a producer cannot blow up the number of time series. */
    public static String typeTag(String type) {
        return EmailTemplates.TYPES.contains(type) ? type : "other";
    }

    void sent(String type, Duration smtpTime, Duration sinceRequested) {
        counter("notification.emails.sent", type).increment();
        sendTimer(type).record(smtpTime);
        deliveryTimer(type).record(sinceRequested.isNegative() ? Duration.ZERO : sinceRequested);
    }

    private Timer sendTimer(String type) {
        return Timer.builder("notification.emails.send")
                .description("Time the SMTP server took to accept one mail")
                .tag("type", typeTag(type))
                .register(registry);
    }

    private Timer deliveryTimer(String type) {
        return Timer.builder("notification.emails.delivery")
                .description("Time from the request to the SMTP server accepting the mail")
                .tag("type", typeTag(type))
                .register(registry);
    }

    void failed(String type) {
        counter("notification.emails.failed", type).increment();
    }

    public void deadLettered(String type, String reason) {
        deadLetterCounter(type, reason).increment();
    }

    private Counter deadLetterCounter(String type, String reason) {
        return Counter.builder("notification.emails.dead.lettered")
                .tag("type", typeTag(type))
                .tag("reason", reason)
                .register(registry);
    }

    void duplicate(String type) {
        counter("notification.emails.duplicates", type).increment();
    }

    void reclaimed(String type) {
        counter("notification.emails.reclaimed", type).increment();
    }

    private Counter counter(String name, String type) {
        return Counter.builder(name).tag("type", typeTag(type)).register(registry);
    }
}
