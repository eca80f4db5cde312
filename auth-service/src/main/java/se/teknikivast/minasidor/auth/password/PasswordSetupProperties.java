package se.teknikivast.minasidor.auth.password;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Password setup ({@code minasidor.password-setup.*}).
 *
 * @param tokenValidity how long an e-mailed link works (docs/security.md: 60 minutes)
 */
@Validated
@ConfigurationProperties("minasidor.password-setup")
public record PasswordSetupProperties(
        @DefaultValue("60m") @DurationMin(minutes = 1) Duration tokenValidity) {}
