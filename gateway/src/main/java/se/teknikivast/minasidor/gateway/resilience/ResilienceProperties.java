package se.teknikivast.minasidor.gateway.resilience;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Circuit breakers in front of the backends, named like the routes.
 *
 * @param breakers per backend: how long a call may take before the customer gets the fallback instead
 * @param failureRateThreshold percentage of failed calls in the window that opens a breaker
 * @param minimumNumberOfCalls calls in the window before the rate counts
 * @param slidingWindowSize calls the rate is computed over
 * @param waitInOpenState how long an open breaker answers with the fallback before trying again
 */
@Validated
@ConfigurationProperties("minasidor.gateway.resilience")
public record ResilienceProperties(
        Map<String, Breaker> breakers,
        @Positive @Max(100) float failureRateThreshold,
        @Positive int minimumNumberOfCalls,
        @Positive int slidingWindowSize,
        @NotNull Duration waitInOpenState) {

    public ResilienceProperties {
        breakers = breakers == null ? Map.of() : Map.copyOf(breakers);
    }

    public record Breaker(@NotNull Duration timeout) {}
}
