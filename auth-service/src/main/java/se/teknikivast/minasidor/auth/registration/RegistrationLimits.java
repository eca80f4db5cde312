package se.teknikivast.minasidor.auth.registration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Attempt limits of the registration / forgotten-password step, kept by auth-service itself in Redis so that neither
 * a new IP address nor another instance resets them (docs/security.md, "the stranger with public data"): per
 * customer number, per identity number and per client network ({@link ClientNetwork}: IPv6 by /64). Every attempt
 * counts, whatever customer-service answers, so the limit says nothing about whether the details were right. Fixed
 * windows: the first attempt starts one, and it ends {@code attempt-window} later.
 */
@Component
class RegistrationLimits {

    private static final Logger log = LoggerFactory.getLogger(RegistrationLimits.class);

    /** Increments each key, starting its window on the first count; answers the counts in key order. */
    private static final RedisScript<List> COUNT = RedisScript.of("""
            local counts = {}
            for i, key in ipairs(KEYS) do
              local count = redis.call('INCR', key)
              if count == 1 then
                redis.call('PEXPIRE', key, ARGV[1])
              end
              counts[i] = count
            end
            return counts
            """, List.class);

    enum Limit {
        CUSTOMER_NUMBER,
        IDENTITY_NUMBER,
        CLIENT;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final StringRedisTemplate redis;
    private final RegistrationProperties properties;
    private final Map<Limit, Counter> refused = new EnumMap<>(Limit.class);

    RegistrationLimits(StringRedisTemplate redis, RegistrationProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.properties = properties;
        for (var limit : Limit.values()) {
            refused.put(
                    limit,
                    Counter.builder("minasidor.registration.limited")
                            .description("Registration attempts refused by a limit (per customer number, identity"
                                    + " number or client network)")
                            .tag("limit", limit.tag())
                            .register(meters));
        }
    }

    /**
     * Counts one attempt against all three limits and answers the first one it exceeds, if any.
     *
     * @param identityNumber twelve digits; only its hash is used as a key
     */
    Optional<Limit> count(String customerNumber, String identityNumber, String remoteAddress) {
        var prefix = properties.keyPrefix() + ":registration-attempts:";
        var keys = List.of(
                prefix + "customer:" + customerNumber,
                prefix + "identity:" + sha256(identityNumber),
                prefix + "client:" + ClientNetwork.of(remoteAddress));
        List<?> counts;
        try {
            counts = redis.execute(
                    COUNT, keys, Long.toString(properties.attemptWindow().toMillis()));
        } catch (RuntimeException e) {
            // Without Redis the limits cannot be kept; the gateway's per-IP limits still hold. Refusing everyone
            // would turn a Redis outage into a registration outage.
            log.warn("Registration attempt limits unavailable: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
        var exceeded = exceeded(counts, 0, properties.attemptsPerCustomerNumber(), Limit.CUSTOMER_NUMBER)
                .or(() -> exceeded(counts, 1, properties.attemptsPerIdentityNumber(), Limit.IDENTITY_NUMBER))
                .or(() -> exceeded(counts, 2, properties.attemptsPerClient(), Limit.CLIENT));
        exceeded.ifPresent(limit -> {
            refused.get(limit).increment();
            log.info("Registration attempt for customer {} refused: {} limit", customerNumber, limit.tag());
        });
        return exceeded;
    }

    /** For {@code Retry-After}: the window, since the attempt that started it is not known here. */
    long retryAfterSeconds() {
        return properties.attemptWindow().toSeconds();
    }

    private static Optional<Limit> exceeded(List<?> counts, int index, int allowed, Limit limit) {
        return counts != null && counts.size() > index && ((Number) counts.get(index)).longValue() > allowed
                ? Optional.of(limit)
                : Optional.empty();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
