package se.teknikivast.minasidor.notification.retention;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long notification-service keeps its records of finished work ({@code minasidor.retention.notification.*};
 * docs/operations.md "Retention"). Both records are also what makes a redelivered request a duplicate, so neither
 * period may be shorter than Kafka may deliver a request again (the request topics keep a record a day after its
 * segment was closed, which may be up to 7 days after it was written): at least 14 days.
 *
 * @param deliveries how long a delivery record is kept after the mail was sent, or given up and put on the dead-letter
 *     topic (default 90 days): what operations and kundservice look up when a customer says a mail never came. A
 *     delivery still to be sent, or failed and not yet dead-lettered, is never deleted.
 * @param letters how long the record of a letter put in the print queue is kept (default 90 days), for the same
 *     question about a letter
 */
@Validated
@ConfigurationProperties("minasidor.retention.notification")
public record NotificationRetentionProperties(
        @DefaultValue("90d") @NotNull @DurationMin(days = 14)
        Duration deliveries,

        @DefaultValue("90d") @NotNull @DurationMin(days = 14)
        Duration letters) {}
