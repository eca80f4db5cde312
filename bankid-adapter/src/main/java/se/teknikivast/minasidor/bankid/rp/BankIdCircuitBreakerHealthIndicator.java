package se.teknikivast.minasidor.bankid.rp;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The breaker's state. An open breaker is {@code DEGRADED}, not DOWN: the adapter still answers (503
 * bankid-unavailable) and password login is unaffected, so nothing should restart or drain this instance.
 */
final class BankIdCircuitBreakerHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "BankID circuit breaker open");

    private final CircuitBreaker breaker;

    BankIdCircuitBreakerHealthIndicator(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public Health health() {
        var state = breaker.getState();
        var metrics = breaker.getMetrics();
        var builder = switch (state) {
            case OPEN, FORCED_OPEN -> Health.status(DEGRADED);
            default -> Health.up();
        };
        return builder.withDetail("state", state.name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
                .withDetail("failedCalls", metrics.getNumberOfFailedCalls())
                .build();
    }
}
