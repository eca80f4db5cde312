package se.teknikivast.minasidor.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
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

/**
 * The operator who forgets a setting: auth-service started as a deployment starts it, from its jar's own
 * application.yml without the local profile. Without its secrets, or with the demo values the repository publishes
 * (the README prints the client secrets these hashes belong to: {@code kundservice} may change any customer's
 * e-mail), it refuses to start before touching anything and names every variable, in one short message.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeploymentStartIntegrationTests {

    static final List<String> SECRETS = List.of(
            "MINASIDOR_CLIENTS_GATEWAY_SECRET_HASH",
            "MINASIDOR_CLIENTS_AUTH_SERVICE_SECRET_HASH",
            "MINASIDOR_CLIENTS_KUNDSERVICE_SECRET_HASH",
            "MINASIDOR_CLIENTS_EXAMPLE_TEAM_SECRET_HASH",
            "MINASIDOR_CLIENTS_DRIFT_SECRET_HASH",
            "MINASIDOR_SIGNING_KEYS_ENCRYPTION_KEY",
            "SPRING_DATASOURCE_PASSWORD");

    /** Nothing to reach, so a start that got further would not touch anybody's database. */
    static String[] deployment(String... settings) {
        var unreachable = Stream.of(
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/none",
                "spring.data.redis.port=9",
                "spring.kafka.bootstrap-servers=127.0.0.1:9");
        return DeploymentStart.arguments(
                Stream.concat(unreachable, Stream.of(settings)).toArray(String[]::new));
    }

    @Test
    void refusesToStartWithoutItsSecretsAndNamesEveryVariable(CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(AuthServiceApplication.class, deployment())
                .close());

        assertThat(failure).isNotNull();
        for (var secret : SECRETS) {
            assertThat(failure.getMessage()).contains(secret + " is not set");
            assertThat(output.toString()).contains("  - " + secret + " is not set");
        }
        assertThat(output.toString()).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
    }

    @Test
    void refusesTheDemoValuesTheRepositoryPublishes(CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(
                        AuthServiceApplication.class,
                        deployment(
                                "MINASIDOR_CLIENTS_GATEWAY_SECRET_HASH=" + "1".repeat(64),
                                "MINASIDOR_CLIENTS_AUTH_SERVICE_SECRET_HASH=" + "2".repeat(64),
                                // The hash of kundservice's secret in the README.
                                "MINASIDOR_CLIENTS_KUNDSERVICE_SECRET_HASH="
                                        + "5e10c8f1525dfa8dc10d9143fdd6c41f6708038ed436a4a524b0174bc9e64ffb",
                                "MINASIDOR_CLIENTS_EXAMPLE_TEAM_SECRET_HASH=" + "4".repeat(64),
                                "MINASIDOR_CLIENTS_DRIFT_SECRET_HASH=" + "5".repeat(64),
                                // The local stack's key: whoever has it decrypts the signing keys.
                                "MINASIDOR_SIGNING_KEYS_ENCRYPTION_KEY=local-1:ntl2GYi2XnMkS6RAA1pfxDw/L3F1jSqYcJCTZj2dGbM=",
                                "SPRING_DATASOURCE_PASSWORD=a-password-of-our-own",
                                "MINASIDOR_KAFKA_PASSWORD=a-kafka-password-of-our-own",
                                "MINASIDOR_REDIS_PASSWORD=a-redis-password-of-our-own"))
                .close());

        assertThat(failure)
                .hasMessageEndingWith("MINASIDOR_CLIENTS_KUNDSERVICE_SECRET_HASH is the demo value published in"
                        + " application-local.yml; MINASIDOR_SIGNING_KEYS_ENCRYPTION_KEY is the demo value published in"
                        + " application-local.yml");
        assertThat(output.toString())
                .doesNotContain("ntl2GYi2XnMkS6RAA1pfxDw")
                .doesNotContain("a-password-of-our-own")
                .doesNotContain("\tat ");
    }

    /**
     * Kafka and Redis take only logged-in users, each allowed what its service does (docs/security.md "Kafka",
     * "Redis"): without its own password, or with the one the repository publishes, the service does not start.
     */
    @ParameterizedTest
    @ValueSource(strings = {"MINASIDOR_KAFKA_PASSWORD", "MINASIDOR_REDIS_PASSWORD"})
    void refusesToStartWithoutItsPassword(String variable, CapturedOutput output) {
        var failure = catchThrowable(() -> SpringApplication.run(AuthServiceApplication.class, deployment())
                .close());

        assertThat(failure).hasMessageContaining(variable + " is not set");
        assertThat(output.toString()).contains("  - " + variable + " is not set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MINASIDOR_KAFKA_PASSWORD", "MINASIDOR_REDIS_PASSWORD"})
    void refusesThePasswordTheRepositoryPublishes(String variable, CapturedOutput output) {
        var published = DemoSecrets.of(getClass().getClassLoader()).values().get(variable);
        assertThat(published).as("the local profile's %s", variable).isNotBlank();

        var failure = catchThrowable(
                () -> SpringApplication.run(AuthServiceApplication.class, deployment(variable + "=" + published))
                        .close());

        assertThat(failure).hasMessageContaining(variable + " is the demo value published in application-local.yml");
        assertThat(output.toString()).doesNotContain(published);
    }
}
