package se.teknikivast.minasidor.bankid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
}
