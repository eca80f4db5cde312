package se.teknikivast.minasidor.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
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
    }

    /** Types are a closed set, so that a producer cannot blow up the number of time series. */
    public static String typeTag(String type) {
        return EmailTemplates.TYPES.contains(type) ? type : "other";
    }

    void sent(String type, Duration smtpTime, Duration sinceRequested) {
        counter("notification.emails.sent", type).increment();
        Timer.builder("notification.emails.send")
                .description("Time the SMTP server took to accept one mail")
                .tag("type", typeTag(type))
                .register(registry)
                .record(smtpTime);
        Timer.builder("notification.emails.delivery")
                .description("Time from the request to the SMTP server accepting the mail")
                .tag("type", typeTag(type))
                .register(registry)
                .record(sinceRequested.isNegative() ? Duration.ZERO : sinceRequested);
    }

    void failed(String type) {
        counter("notification.emails.failed", type).increment();
    }

    public void deadLettered(String type, String reason) {
        Counter.builder("notification.emails.dead.lettered")
                .tag("type", typeTag(type))
                .tag("reason", reason)
                .register(registry)
                .increment();
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
