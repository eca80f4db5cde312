package se.teknikivast.minasidor.bankid;

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
 * The operator who copies the local stack's command line: the BankID simulator's tester page approves any login
 * for anyone who can reach it, so profile {@code simulator} without profile {@code local} (a deployment's start, from
 * the jar's own application.yml) refuses to start and says why.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeploymentStartIntegrationTests {

    @Test
    void theSimulatorDoesNotStartWithoutTheLocalProfile(CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(
                        BankIdAdapterApplication.class,
                        DeploymentStart.arguments("spring.profiles.active=simulator", "spring.data.redis.port=9"))
                .close());

        assertThat(failure)
                .hasMessageContaining("the BankID simulator (profile simulator; its tester page approves any login)"
                        + " runs only with the profile local");
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .doesNotContain("Tomcat started")
                .doesNotContain("\tat ");
    }

    /**
     * Redis takes only logged-in users, each allowed only its own keys (docs/security.md "Redis"): without its own
     * password, or with the one the repository publishes, the adapter does not start.
     */
    @Test
    void refusesToStartWithoutItsRedisPassword(CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(
                        BankIdAdapterApplication.class, DeploymentStart.arguments("spring.data.redis.port=9"))
                .close());

        assertThat(failure).hasMessageContaining("MINASIDOR_REDIS_PASSWORD is not set");
        assertThat(output.toString()).contains("  - MINASIDOR_REDIS_PASSWORD is not set");
    }

    @Test
    void refusesTheRedisPasswordTheRepositoryPublishes(CapturedOutput output) {
        var published = DemoSecrets.of(getClass().getClassLoader()).values().get("MINASIDOR_REDIS_PASSWORD");

        var failure = catchThrowable(() -> SpringApplication.run(
                        BankIdAdapterApplication.class,
                        DeploymentStart.arguments("spring.data.redis.port=9", "MINASIDOR_REDIS_PASSWORD=" + published))
                .close());

        assertThat(failure)
                .hasMessageContaining("MINASIDOR_REDIS_PASSWORD is the demo value published in application-local.yml");
        assertThat(output.toString()).doesNotContain(published);
    }
}
