package se.teknikivast.minasidor.auth.password;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password setup ({@code minasidor.password-setup.*}).
 *
 * @param tokenValidity how long an e-mailed link works (docs/security.md: 60 minutes)
 */
@ConfigurationProperties("minasidor.password-setup")
public record PasswordSetupProperties(@DefaultValue("60m") Duration tokenValidity) {}
