package se.teknikivast.minasidor.auth.retention;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long auth-service keeps rows it no longer needs ({@code minasidor.retention.auth.*}; docs/operations.md
 * "Retention"). Its published outbox rows are the transactional outbox's ({@code minasidor.retention.outbox.*}).
 *
 * @param passwordSetupTokens how long a password-setup link's row is kept after its expiry, used, voided or not
 *     (default 30 days): until then a customer who opens an old mail is told the link has expired, not that it is
 *     unknown
 * @param activationCodes how long an activation code's row is kept after its expiry, used, voided or not (default 30
 *     days); with {@code minasidor.activation.code-validity} it must cover {@code minasidor.activation.letter-window},
 *     since the limit of letters per customer counts the codes of that window
 * @param processedCustomerEvents how long the id of a processed customer event is kept (default 30 days, at least 14):
 *     a redelivered event must still be recognised, and {@code customer.events.v1} keeps an event 7 days after its
 *     segment was closed, which may be up to 7 days after it was written
 */
@Validated
@ConfigurationProperties("minasidor.retention.auth")
public record AuthRetentionProperties(
        @DefaultValue("30d") @NotNull @DurationMin(days = 1) Duration passwordSetupTokens,
        @DefaultValue("30d") @NotNull @DurationMin(days = 1) Duration activationCodes,

        @DefaultValue("30d") @NotNull @DurationMin(days = 14)
        Duration processedCustomerEvents) {}
