package se.teknikivast.minasidor.auth.registration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registration ({@code minasidor.registration.*}).
 *
 * @param mailsPerWindow e-mails per customer number per window (docs/security.md: 3 an hour)
 * @param mailWindow the sliding window
 * @param keyPrefix Redis key prefix for the counters
 * @param attemptsPerCustomerNumber step-2 submits per customer number per {@code attemptWindow}
 * @param attemptsPerIdentityNumber step-2 submits per identity number per {@code attemptWindow}
 * @param attemptsPerClient step-2 submits per client network (IPv4 address, IPv6 /64) per {@code attemptWindow}
 * @param attemptWindow how long the attempt counters run from the first attempt
 * @param answerTime every step-2 submit is answered no sooner than this after it arrived, whatever happened behind
 *     it, so the time does not tell the outcomes apart
 */
@Validated
@ConfigurationProperties("minasidor.registration")
public record RegistrationProperties(
        @DefaultValue("3") @Positive int mailsPerWindow,
        @DefaultValue("1h") @NotNull Duration mailWindow,
        @DefaultValue("minasidor:auth") @NotBlank String keyPrefix,
        @DefaultValue("10") @Positive int attemptsPerCustomerNumber,
        @DefaultValue("10") @Positive int attemptsPerIdentityNumber,
        @DefaultValue("30") @Positive int attemptsPerClient,
        @DefaultValue("1h") @NotNull Duration attemptWindow,
        @DefaultValue("300ms") @NotNull Duration answerTime) {}
