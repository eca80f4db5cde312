package se.teknikivast.minasidor.customer.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;
import se.teknikivast.minasidor.events.Topics;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithKafka;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/**
 * The one application context the integration tests share (so it starts once): the service on a random port against
 * a fresh database on the real PostgreSQL, the real Kafka broker with a topic of its own, and tokens from
 * {@link TestIssuer} (served as a JWKS over HTTP, verified by the service's production decoder).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@Import(CustomerServiceIntegrationTest.Configuration.class)
public @interface CustomerServiceIntegrationTest {

    @TestConfiguration(proxyBeanMethods = false)
    class Configuration {

        /** The service's own token verification, reading the keys of the tests' issuer instead of auth-service's. */
        @Bean
        DynamicPropertyRegistrar testIssuerKeys() {
            return TestIssuer.jwkSetUriProperty();
        }

        @Bean
        DynamicPropertyRegistrar outboxTopic() {
            var topic = TestInfrastructure.kafka().standIn(Topics.CUSTOMER_EVENTS);
            return registry -> {
                registry.add("minasidor.customer-events.topic", () -> topic);
                registry.add("minasidor.outbox.poll-interval", () -> "200ms");
            };
        }
    }
}
