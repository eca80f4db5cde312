package se.teknikivast.minasidor.auth.server;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where authorizations and consents live in Redis.
 *
 * @param keyPrefix prefix of every key (tests use a unique one)
 * @param pendingTtl lifetime of an authorization that holds no token yet (between authorize and code)
 * @param consentTtl lifetime of a stored consent
 */
@Validated
@ConfigurationProperties("minasidor.authorizations")
public record AuthorizationStoreProperties(
        @NotBlank String keyPrefix,
        @NotNull Duration pendingTtl,
        @NotNull Duration consentTtl) {}
