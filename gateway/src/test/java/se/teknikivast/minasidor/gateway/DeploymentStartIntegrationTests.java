package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.teknikivast.minasidor.deployment.DemoSecrets;
import se.teknikivast.minasidor.infrastructure.testing.DeploymentStart;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * The operator who forgets a setting: the gateway started as a deployment starts it, from its jar's own
 * application.yml without the local profile (this module's test configuration left out). Without its client secret,
 * or with the one the repository publishes, it refuses to start and says which variable; given its own, it runs,
 * and its session cookie is Secure.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeploymentStartIntegrationTests {

    /** The local profile's value (application-local.yml): anyone can read it. */
    static final String PUBLISHED_CLIENT_SECRET = "neqE2tWyi-IryhVwetaqhvvB7Dr2Bis3BMFilZtV_dc";

    /** Nothing to reach, so a start that got further would not touch anybody's servers. */
    static String[] deployment(String... settings) {
        var unreachable =
                Stream.of("spring.data.redis.port=9", "spring.kafka.bootstrap-servers=" + Gateways.KAFKA_DOWN);
        return DeploymentStart.arguments(
                Stream.concat(unreachable, Stream.of(settings)).toArray(String[]::new));
    }

    @Test
    void refusesToStartWithoutItsClientSecretAndNamesTheVariable(CapturedOutput output) {
        var failure = catchThrowable(() ->
                SpringApplication.run(GatewayApplication.class, deployment()).close());

        assertThat(failure).hasMessageContaining("MINASIDOR_GATEWAY_CLIENT_SECRET is not set");
        assertThat(output.toString())
                .contains("APPLICATION FAILED TO START")
                .contains("  - MINASIDOR_GATEWAY_CLIENT_SECRET is not set")
                .doesNotContain("\tat ");
    }

    @Test
    void refusesTheClientSecretTheRepositoryPublishes(CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(
                        GatewayApplication.class,
                        deployment("MINASIDOR_GATEWAY_CLIENT_SECRET=" + PUBLISHED_CLIENT_SECRET))
                .close());

        assertThat(failure)
                .hasMessageContaining(
                        "MINASIDOR_GATEWAY_CLIENT_SECRET is the demo value published in application-local.yml");
        assertThat(output.toString()).doesNotContain(PUBLISHED_CLIENT_SECRET).doesNotContain("\tat ");
    }

    @Test
    void runsWithASecretOfItsOwnAndItsSessionCookieIsSecure() {
        var redis = TestInfrastructure.redis();
        try (var gateway = SpringApplication.run(
                GatewayApplication.class,
                deployment(
                        "MINASIDOR_GATEWAY_CLIENT_SECRET=" + TestInfrastructure.uniqueName("secret"),
                        "MINASIDOR_KAFKA_PASSWORD=" + TestInfrastructure.uniqueName("kafka"),
                        "MINASIDOR_REDIS_PASSWORD=" + TestInfrastructure.uniqueName("redis"),
                        "spring.data.redis.host=" + redis.host(),
                        "spring.data.redis.port=" + redis.port()))) {
            var port = gateway.getEnvironment().getProperty("local.server.port");
            var cookieName = gateway.getEnvironment().getProperty("server.reactive.session.cookie.name");

            var response = new Browser().get("http://localhost:" + port + "/");

            assertThat(response.headers().allValues("Set-Cookie"))
                    .filteredOn(cookie -> cookie.startsWith(cookieName + "="))
                    .singleElement()
                    .satisfies(cookie -> assertThat(cookie).contains("; Secure").containsIgnoringCase("; HttpOnly"));
        }
    }

    /**
     * Kafka and Redis take only logged-in users, each allowed what its service does (docs/security.md "Kafka",
     * "Redis"): without its own password, or with the one the repository publishes, the service does not start.
     */
    @ParameterizedTest
    @ValueSource(strings = {"MINASIDOR_KAFKA_PASSWORD", "MINASIDOR_REDIS_PASSWORD"})
    void refusesToStartWithoutItsPassword(String variable, CapturedOutput output) {
        var failure = catchThrowable(() ->
                SpringApplication.run(GatewayApplication.class, deployment()).close());

        assertThat(failure).hasMessageContaining(variable + " is not set");
        assertThat(output.toString()).contains("  - " + variable + " is not set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MINASIDOR_KAFKA_PASSWORD", "MINASIDOR_REDIS_PASSWORD"})
    void refusesThePasswordTheRepositoryPublishes(String variable, CapturedOutput output) {
        var published = DemoSecrets.of(getClass().getClassLoader()).values().get(variable);
        assertThat(published).as("the local profile's %s", variable).isNotBlank();

        var failure = catchThrowable(
                () -> SpringApplication.run(GatewayApplication.class, deployment(variable + "=" + published))
                        .close());

        assertThat(failure).hasMessageContaining(variable + " is the demo value published in application-local.yml");
        assertThat(output.toString()).doesNotContain(published);
    }
}
