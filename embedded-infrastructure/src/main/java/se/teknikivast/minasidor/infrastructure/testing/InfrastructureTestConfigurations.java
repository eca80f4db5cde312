package se.teknikivast.minasidor.infrastructure.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;

/** Spring test configurations that point an application at the shared test servers. */
public final class InfrastructureTestConfigurations {

    private InfrastructureTestConfigurations() {}

    /** A fresh PostgreSQL database for every application context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class PostgresConfiguration {
        @Bean
        DynamicPropertyRegistrar postgresProperties() {
            var postgres = TestInfrastructure.postgres();
            var url = postgres.createDatabase(TestInfrastructure.uniqueName("test"));
            return registry -> {
                registry.add("spring.datasource.url", () -> url);
                registry.add("spring.datasource.username", postgres::username);
                registry.add("spring.datasource.password", postgres::password);
            };
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class RedisConfiguration {
        @Bean
        DynamicPropertyRegistrar redisProperties() {
            var redis = TestInfrastructure.redis();
            return registry -> {
                registry.add("spring.data.redis.host", redis::host);
                registry.add("spring.data.redis.port", redis::port);
            };
        }
    }

    /**
     * The shared broker, where the service logs in as its own user ({@code MINASIDOR_KAFKA_USERNAME}, by default its
     * {@code spring.application.name}) with its local profile's password ({@code MINASIDOR_KAFKA_PASSWORD}), so the
     * test runs with the service's real Kafka settings and ACLs.
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class KafkaConfiguration {
        @Bean
        DynamicPropertyRegistrar kafkaProperties(Environment environment) {
            var kafka = TestInfrastructure.kafka();
            var password = environment.getProperty("MINASIDOR_KAFKA_PASSWORD");
            if (password != null) {
                var user = environment.getProperty(
                        "MINASIDOR_KAFKA_USERNAME", environment.getRequiredProperty("spring.application.name"));
                kafka.usePassword(user, password);
            }
            return registry -> registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class SmtpConfiguration {
        @Bean
        SmtpServer smtpServer() {
            return TestInfrastructure.smtp();
        }

        @Bean
        DynamicPropertyRegistrar smtpProperties(SmtpServer smtp) {
            return registry -> {
                registry.add("spring.mail.host", () -> "localhost");
                registry.add("spring.mail.port", smtp::port);
            };
        }
    }
}
