package se.teknikivast.minasidor.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** A real SpringApplication with this module's listener and failure analyzer, as every service runs them. */
@ExtendWith(OutputCaptureExtension.class)
class DeploymentSafetyListenerTests {

    @Configuration(proxyBeanMethods = false)
    static class Application {}

    static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "management.server.port=18080");
    }

    @Test
    void refusesToStartWithOneLinePerMissingSettingAndNoStackTrace(CapturedOutput output) {
        var failure = catchThrowable(() -> application().run().close());

        assertThat(failure)
                .isInstanceOf(UnsafeDeploymentException.class)
                .hasMessage("Refusing to start without the profile local: EXAMPLE_CLIENT_SECRET is not set;"
                        + " EXAMPLE_DATABASE_PASSWORD is not set");
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("  - EXAMPLE_CLIENT_SECRET is not set\n")
                .contains("  - EXAMPLE_DATABASE_PASSWORD is not set\n")
                .contains("docs/operations.md, \"Deploying safely\"")
                .doesNotContain("\tat ")
                .doesNotContain("published-demo-secret");
    }

    @Test
    void startsWithSecretsOfItsOwn() {
        try (var context = application()
                .properties("EXAMPLE_CLIENT_SECRET=a-secret-of-our-own", "EXAMPLE_DATABASE_PASSWORD=our-own")
                .run()) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void startsWithTheDemoValuesUnderTheLocalProfileAndSaysSo(CapturedOutput output) {
        try (var context = application().profiles("local").run()) {
            assertThat(context.getEnvironment().getProperty("EXAMPLE_CLIENT_SECRET"))
                    .isEqualTo("published-demo-secret");
        }
        assertThat(output.getOut()).contains("Profile local is on").contains("Never in a deployment.");
    }
}
