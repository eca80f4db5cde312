package se.teknikivast.minasidor.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class StartChecksTests {

    static final DemoSecrets DEMO = DemoSecrets.of(StartChecksTests.class.getClassLoader());

    static MockEnvironment deployment() {
        return new MockEnvironment()
                .withProperty("server.port", "8080")
                .withProperty("management.server.port", "18080");
    }

    @Test
    void readsTheUpperCaseKeysOfTheLocalProfileAsTheDemoSecrets() {
        assertThat(DEMO.values())
                .isEqualTo(Map.of(
                        "EXAMPLE_CLIENT_SECRET", "published-demo-secret", "EXAMPLE_DATABASE_PASSWORD", "postgres"));
    }

    @Test
    void namesEverySecretThatIsNotSet() {
        assertThat(StartChecks.problems(deployment().withProperty("EXAMPLE_DATABASE_PASSWORD", " "), DEMO))
                .containsExactly("EXAMPLE_CLIENT_SECRET is not set", "EXAMPLE_DATABASE_PASSWORD is not set");
    }

    @Test
    void refusesThePublishedDemoValue() {
        var environment = deployment()
                .withProperty("EXAMPLE_CLIENT_SECRET", "published-demo-secret")
                .withProperty("EXAMPLE_DATABASE_PASSWORD", "a-password-of-our-own");

        assertThat(StartChecks.problems(environment, DEMO))
                .containsExactly("EXAMPLE_CLIENT_SECRET is the demo value published in application-local.yml");
    }

    @Test
    void acceptsSecretsOfItsOwn() {
        var environment = deployment()
                .withProperty("EXAMPLE_CLIENT_SECRET", "a-secret-of-our-own")
                .withProperty("EXAMPLE_DATABASE_PASSWORD", "a-password-of-our-own");

        assertThat(StartChecks.problems(environment, DEMO)).isEmpty();
    }

    @Test
    void refusesALocalOnlyFeature() {
        var environment = deployment()
                .withProperty("EXAMPLE_CLIENT_SECRET", "a-secret-of-our-own")
                .withProperty("EXAMPLE_DATABASE_PASSWORD", "a-password-of-our-own")
                .withProperty("minasidor.local-only", "the BankID simulator (profile simulator)");

        assertThat(StartChecks.problems(environment, DEMO))
                .containsExactly("the BankID simulator (profile simulator) runs only with the profile local");
    }

    @Test
    void refusesActuatorOnThePublicPort() {
        var ownSecrets = Map.<String, Object>of(
                "EXAMPLE_CLIENT_SECRET", "a-secret-of-our-own", "EXAMPLE_DATABASE_PASSWORD", "a-password-of-our-own");
        var samePort = new MockEnvironment().withProperty("server.port", "9000");
        samePort.withProperty("management.server.port", "9000");
        ownSecrets.forEach((name, value) -> samePort.setProperty(name, String.valueOf(value)));
        var unset = new MockEnvironment().withProperty("server.port", "9000");
        ownSecrets.forEach((name, value) -> unset.setProperty(name, String.valueOf(value)));
        var disabled = new MockEnvironment().withProperty("management.server.port", "-1");
        ownSecrets.forEach((name, value) -> disabled.setProperty(name, String.valueOf(value)));

        assertThat(StartChecks.problems(samePort, DEMO))
                .containsExactly(
                        "management.server.port (MANAGEMENT_SERVER_PORT) is server.port: actuator would be on the public port");
        assertThat(StartChecks.problems(unset, DEMO))
                .containsExactly(
                        "management.server.port (MANAGEMENT_SERVER_PORT) is not set: actuator would be on the public port");
        assertThat(StartChecks.problems(disabled, DEMO)).isEmpty();
    }

    @Test
    void checksNothingWithTheLocalProfile() {
        var local = new MockEnvironment().withProperty("minasidor.local-only", "the BankID simulator");
        local.setActiveProfiles("simulator", "local");

        assertThat(StartChecks.problems(local, DEMO)).isEmpty();
    }
}
