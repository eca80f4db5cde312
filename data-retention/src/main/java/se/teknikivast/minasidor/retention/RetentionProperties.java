package se.teknikivast.minasidor.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pruning job ({@code minasidor.retention.*}); the periods are set by each table's owner (docs/operations.md
 * "Retention").
 *
 * @param enabled whether the job runs on its schedule (default {@code true}); off, nothing is deleted, e.g. while an
 *     investigation needs the rows kept
 * @param interval the pause between two runs (default 1 h); the first run comes {@code interval} after start, at most
 *     5 minutes
 * @param batchSize rows deleted per transaction (default 1,000): each batch commits at once, so no row lock is held
 *     longer than one small delete
 */
@Validated
@ConfigurationProperties("minasidor.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,

        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1)
        Duration interval,

        @DefaultValue("1000") @Min(1) @Max(10_000) int batchSize) {}
