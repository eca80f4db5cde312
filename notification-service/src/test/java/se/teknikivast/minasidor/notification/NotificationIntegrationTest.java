package se.teknikivast.minasidor.notification;

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
import org.springframework.test.context.TestPropertySource;
import se.teknikivast.minasidor.events.Topics;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithKafka;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithSmtp;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/**
 * The whole service against real PostgreSQL, Kafka and SMTP, on topics of its own, with fast retries and tokens from the
 * shared TestIssuer, verified by the service's production decoder. Every test class with this annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithSmtp
@Import(NotificationIntegrationTest.Support.class)
@TestPropertySource(
        properties = {
            "minasidor.notification.delivery.poll-interval=200ms",
            "minasidor.notification.delivery.first-retry-after=200ms",
            "minasidor.notification.delivery.max-retry-interval=500ms",
            "minasidor.notification.delivery.retry-for=8s",
        })
public @interface NotificationIntegrationTest {

    @TestConfiguration(proxyBeanMethods = false)
    class Support {

        @Bean
        DynamicPropertyRegistrar uniqueTopics() {
            // Topics of this context's own, with the real topics' ACLs.
            var kafka = TestInfrastructure.kafka();
            var topic = kafka.standIn(Topics.EMAIL_REQUESTS);
            var deadLetters = kafka.standIn(Topics.EMAIL_REQUESTS_DEAD_LETTER);
            var letters = kafka.standIn(Topics.LETTER_REQUESTS);
            var printQueue = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))
                    .resolve(TestInfrastructure.uniqueName("print-queue"));
            return registry -> {
                registry.add("minasidor.notification.letters.topic", () -> letters);
                registry.add("minasidor.notification.letters.print-queue", printQueue::toString);
                registry.add("minasidor.notification.kafka.topic", () -> topic);
                registry.add("minasidor.notification.kafka.dead-letter-topic", () -> deadLetters);
            };
        }

        /** The service's own token verification, reading the keys of the tests' issuer instead of auth-service's. */
        @Bean
        DynamicPropertyRegistrar testIssuerKeys() {
            return TestIssuer.jwkSetUriProperty();
        }

        @Bean
        Tokens tokens() {
            return new Tokens();
        }
    }

    /** Mints access tokens as auth-service would (ES256, {@code aud} notification-service). */
    final class Tokens {

        public String withScopes(String... scopes) {
            return TestIssuer.get().client("drift", "notification-service", scopes);
        }

        public String forAudience(String audience, String... scopes) {
            return TestIssuer.get().client("drift", audience, scopes);
        }
    }
}
