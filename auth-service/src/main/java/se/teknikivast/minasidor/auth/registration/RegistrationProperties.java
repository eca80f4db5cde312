package se.teknikivast.minasidor.auth.registration;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registration ({@code minasidor.registration.*}).
 *
 * @param mailsPerWindow e-mails per customer number per window (security-baseline.md: 3 an hour)
 * @param mailWindow the sliding window
 * @param keyPrefix Redis key prefix for the counters
 */
@ConfigurationProperties("minasidor.registration")
public record RegistrationProperties(
        @DefaultValue("3") int mailsPerWindow,
        @DefaultValue("1h") Duration mailWindow,
        @DefaultValue("minasidor:auth") String keyPrefix) {}
