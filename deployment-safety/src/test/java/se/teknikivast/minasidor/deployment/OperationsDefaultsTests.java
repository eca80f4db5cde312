package se.teknikivast.minasidor.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class OperationsDefaultsTests {

    @Test
    void givesEveryServiceTheSharedOperationsSettings() {
        var environment = new StandardEnvironment();

        new OperationsDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health, info, prometheus");
        assertThat(environment.getProperty("management.endpoint.health.show-details"))
                .isEqualTo("never");
        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("0.1");
    }

    @Test
    void aServicesOwnSettingWinsOverTheDefault() {
        var environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "application.yml", Map.of("management.endpoint.health.show-details", "always")));

        new OperationsDefaults().postProcessEnvironment(environment, new SpringApplication());
        new OperationsDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.endpoint.health.show-details"))
                .isEqualTo("always");
        assertThat(environment.getPropertySources().stream()
                        .filter(source -> source.getName().startsWith(OperationsDefaults.NAME)))
                .as("added once")
                .hasSize(1);
    }
}
