package se.teknikivast.minasidor.customer.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistrar;
import se.teknikivast.minasidor.customer.web.SecurityConfiguration;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithKafka;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.resourceserver.VerifiedTokenCache;

/**
 * The one application context the integration tests share (so it starts once): the service on a random port against
 * a fresh database on the real PostgreSQL, the real Kafka broker with a topic of its own, and a decoder that trusts
 * {@link TestTokens}.
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

        /** As in production: the verification (here against the test key) behind the cache of verified tokens. */
        @Bean
        @Primary
        JwtDecoder testJwtDecoder() {
            var clock = Clock.systemUTC();
            return new VerifiedTokenCache(
                    TestTokens.decoder(), SecurityConfiguration.validator(TestTokens.ISSUER, clock), clock, 10_000);
        }

        @Bean
        DynamicPropertyRegistrar outboxTopic() {
            var topic = TestInfrastructure.uniqueName("customer_events");
            return registry -> {
                registry.add("minasidor.outbox.topic", () -> topic);
                registry.add("minasidor.outbox.poll-interval", () -> "200ms");
            };
        }
    }
}
