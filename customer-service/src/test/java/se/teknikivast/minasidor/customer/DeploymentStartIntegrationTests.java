package se.teknikivast.minasidor.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.teknikivast.minasidor.deployment.DemoSecrets;
import se.teknikivast.minasidor.infrastructure.testing.DeploymentStart;

/**
 * The operator who forgets a setting: customer-service started as a deployment starts it, from its jar's own application.yml
 * without the local profile. Without its database password, or with the local stack's published one, it refuses
 * to start before connecting anywhere and names the variable.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeploymentStartIntegrationTests {

    /** Nothing to reach, so a start that got further would not touch anybody's database. */
    static String[] deployment(String... settings) {
        var all = new java.util.ArrayList<>(java.util.List.of(
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/none",
                "spring.kafka.bootstrap-servers=127.0.0.1:9"));
        all.addAll(java.util.List.of(settings));
        return DeploymentStart.arguments(all.toArray(String[]::new));
    }

    @Test
    void refusesToStartWithoutItsDatabasePasswordAndNamesTheVariable(CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(CustomerServiceApplication.class, deployment())
                .close());

        assertThat(failure).hasMessageContaining("SPRING_DATASOURCE_PASSWORD is not set");
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("  - SPRING_DATASOURCE_PASSWORD is not set")
                .doesNotContain("\tat ");
    }

    @Test
    void refusesTheLocalStacksPublishedDatabasePassword() {
        var failure = catchThrowable(() -> SpringApplication.run(
                        CustomerServiceApplication.class, deployment("SPRING_DATASOURCE_PASSWORD=postgres"))
                .close());

        assertThat(failure)
                .hasMessageContaining(
                        "SPRING_DATASOURCE_PASSWORD is the demo value published in application-local.yml");
    }

    /**
     * Kafka takes only logged-in users, each allowed what its service does (docs/security.md "Kafka"): without its
     * own password, or with the one the repository publishes, the service does not start.
     */
    @Test
    void refusesToStartWithoutItsKafkaPassword(CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(CustomerServiceApplication.class, deployment())
                .close());

        assertThat(failure).hasMessageContaining("MINASIDOR_KAFKA_PASSWORD is not set");
        assertThat(output.toString()).contains("  - MINASIDOR_KAFKA_PASSWORD is not set");
    }

    @Test
    void refusesTheKafkaPasswordTheRepositoryPublishes(CapturedOutput output) {
        var published = DemoSecrets.of(getClass().getClassLoader()).values().get("MINASIDOR_KAFKA_PASSWORD");

        var failure = catchThrowable(() -> SpringApplication.run(
                        CustomerServiceApplication.class, deployment("MINASIDOR_KAFKA_PASSWORD=" + published))
                .close());

        assertThat(failure)
                .hasMessageContaining("MINASIDOR_KAFKA_PASSWORD is the demo value published in application-local.yml");
        assertThat(output.toString()).doesNotContain(published);
    }
}
