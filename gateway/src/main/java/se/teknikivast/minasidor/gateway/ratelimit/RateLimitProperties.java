package se.teknikivast.minasidor.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client-IP limits on the endpoints that guess passwords, start BankID orders or send e-mail.
 *
 * @param keyPrefix Redis key prefix of the buckets
 * @param whenRedisUnavailable what a request gets when the buckets cannot be read in {@code redisTimeout}
 * @param limits one token bucket per limit and client IP
 */
@Validated
@ConfigurationProperties("minasidor.gateway.rate-limit")
public record RateLimitProperties(
        boolean enabled,
        @NotBlank String keyPrefix,
        @NotNull WhenRedisUnavailable whenRedisUnavailable,
        @NotNull Duration redisTimeout,
        @Valid List<Limit> limits) {

    public RateLimitProperties {
        limits = limits == null ? List.of() : List.copyOf(limits);
    }

    public enum WhenRedisUnavailable {
        /** Let the request through (fail open); auth-service's per-account lockout still holds. */
        ALLOW,
        /** Refuse with 503 (fail closed). */
        REFUSE
    }

    /**
     * @param name stable name, used in the Redis key and as the metric's {@code limit} tag
     * @param methods the HTTP methods counted
     * @param paths path patterns counted
     * @param perMinute tokens added per minute (the sustained rate)
     * @param burst bucket size (the most requests at once)
     */
    public record Limit(
            @NotBlank String name,
            @NotEmpty List<HttpMethod> methods,
            @NotEmpty List<String> paths,
            @Positive int perMinute,
            @Positive int burst) {}
}
