package se.teknikivast.minasidor.outbox;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the outbox keeps a published row ({@code minasidor.retention.outbox.*}; docs/operations.md "Retention").
 *
 * @param published how long after its publication a row is deleted (default 7 days, the longest time our topics keep
 *     a message): by then the row, with its payload erased, tells no more than the topic did, and the relay never
 *     reads it again. An unpublished row is never deleted, however old.
 */
@Validated
@ConfigurationProperties("minasidor.retention.outbox")
public record OutboxRetentionProperties(
        @DefaultValue("7d") @NotNull @DurationMin(hours = 1) Duration published) {}
