package se.teknikivast.minasidor.auth.password;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Activation codes by letter ({@code minasidor.activation.*}, docs/security.md).
 *
 * @param codeValidity how long a posted code works (post takes days)
 * @param maxFailedAttempts wrong tries after which a code is void
 * @param lettersPerWindow letters per customer per {@code letterWindow}
 * @param letterWindow the window of {@code lettersPerWindow}
 */
@Validated
@ConfigurationProperties("minasidor.activation")
public record ActivationProperties(
        @DefaultValue("30d") @NotNull Duration codeValidity,
        @DefaultValue("5") @Positive int maxFailedAttempts,
        @DefaultValue("3") @Positive int lettersPerWindow,
        @DefaultValue("30d") @NotNull Duration letterWindow) {}
