package se.teknikivast.minasidor.bankid.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Order state in Redis.
 *
 * @param collectInterval BankID is asked at most this often per order; callers in between get the cached answer
 * @param ttl how long an order is kept after its last change (BankID forgets it after 3–5 min anyway)
 * @param keyPrefix Redis key prefix, so tests and environments can share a Redis
 */
@Validated
@ConfigurationProperties("minasidor.bankid.order")
public record OrderProperties(
        @NotNull @DefaultValue("2s") Duration collectInterval,
        @NotNull @DefaultValue("10m") Duration ttl,
        @NotBlank @DefaultValue("bankid:") String keyPrefix) {}
