package se.teknikivast.minasidor.bankid.rp;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RpConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RpConfiguration.class);

    static final String BREAKER = "bankid";

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(RpProperties properties, MeterRegistry meters) {
        var breaker = properties.breaker();
        var config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .slowCallDurationThreshold(breaker.slowCallDuration())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                // Only "BankID is unavailable" counts; a customer's own mistake or ours must not open the breaker.
                .recordException(e -> e instanceof RpException rp && rp.error().outage())
                .build();
        var registry = CircuitBreakerRegistry.of(config);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    CircuitBreaker bankIdCircuitBreaker(CircuitBreakerRegistry registry) {
        var breaker = registry.circuitBreaker(BREAKER);
        breaker.getEventPublisher()
                .onStateTransition(event -> log.warn("BankID circuit breaker: {}", event.getStateTransition()));
        return breaker;
    }

    @Bean
    RpConnection rpConnection(RpProperties properties) {
        RpCertificate certificate = null;
        javax.net.ssl.SSLContext sslContext = null;
        if (properties.mutualTls()) {
            var tls = TlsMaterial.load(properties.keystore(), properties.keystorePassword(), properties.trustAnchor());
            sslContext = tls.sslContext();
            certificate = tls.certificate();
        } else {
            log.warn("BankID RP API over plain http ({}): only for the simulator", properties.effectiveBaseUrl());
        }
        var http = RpHttpClients.create(properties.connectTimeout(), properties.requestTimeout(), sslContext);
        return new RpConnection(http, Optional.ofNullable(certificate));
    }

    @Bean
    RpClient rpClient(
            RpProperties properties,
            RpConnection connection,
            CircuitBreaker bankIdCircuitBreaker,
            MeterRegistry meters) {
        return new RpClient(
                properties.effectiveBaseUrl(),
                connection.http(),
                bankIdCircuitBreaker,
                properties.maintenanceRetries(),
                properties.maintenanceBackoff(),
                properties.effectiveCertificatePolicies(),
                meters);
    }

    @Bean
    BankIdCircuitBreakerHealthIndicator bankIdCircuitBreakerHealthIndicator(CircuitBreaker bankIdCircuitBreaker) {
        return new BankIdCircuitBreakerHealthIndicator(bankIdCircuitBreaker);
    }

    @Bean
    RpCertificateHealthIndicator rpCertificateHealthIndicator(
            RpConnection connection, RpProperties properties, Clock clock) {
        return new RpCertificateHealthIndicator(connection.certificate(), properties.certificateExpiryWarning(), clock);
    }

    /** Closed with the context: the pooled connections to BankID. */
    record RpConnection(CloseableHttpClient http, Optional<RpCertificate> certificate) implements AutoCloseable {

        @Override
        public void close() {
            http.close(CloseMode.GRACEFUL);
        }
    }
}
