package se.teknikivast.minasidor.notification.delivery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How accepted requests are sent.
 *
 * @param senders sender threads per instance, each with its own reused SMTP connection
 * @param batchSize due deliveries a sender claims at a time
 * @param pollInterval how often an idle sender looks for due deliveries (new requests wake it at once)
 * @param claimTimeout after this a claim is presumed lost with its instance and the mail is sent again; must be far
 *     longer than one SMTP attempt can take (see the {@code mail.smtp.*timeout} settings)
 * @param firstRetryAfter the wait after the first transient failure; it doubles up to {@code maxRetryInterval}
 * @param maxRetryInterval the longest wait between two attempts
 * @param retryFor how long after acceptance transient failures are retried before the delivery is given up
 */
@Validated
@ConfigurationProperties("minasidor.notification.delivery")
public record DeliveryProperties(
        @Min(1) @Max(64) int senders,
        @Min(1) @Max(500) int batchSize,
        @NotNull Duration pollInterval,
        @NotNull Duration claimTimeout,
        @NotNull Duration firstRetryAfter,
        @NotNull Duration maxRetryInterval,
        @NotNull Duration retryFor) {}
