package se.teknikivast.minasidor.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> backendBreakers(ResilienceProperties properties) {
        var breaker = CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .slidingWindowSize(properties.slidingWindowSize())
                .waitDurationInOpenState(properties.waitInOpenState())
                .build();
        return factory -> {
            factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                    .circuitBreakerConfig(breaker)
                    .timeLimiterConfig(timeout(DEFAULT_TIMEOUT))
                    .build());
            properties
                    .breakers()
                    .forEach((id, backend) -> factory.configure(
                            builder ->
                                    builder.circuitBreakerConfig(breaker).timeLimiterConfig(timeout(backend.timeout())),
                            id));
        };
    }

    private static TimeLimiterConfig timeout(Duration duration) {
        return TimeLimiterConfig.custom().timeoutDuration(duration).build();
    }
}
