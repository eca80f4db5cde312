package se.teknikivast.minasidor.infrastructure.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import se.teknikivast.minasidor.infrastructure.embedded.RedisAccess;
import se.teknikivast.minasidor.infrastructure.embedded.RespCommand;

/**
 * The Testcontainers path ({@code -Dminasidor.testcontainers=true}) does what the embedded one does for the tests:
 * a fresh database per name, Redis with every service user, and a Redis that a test can stop and start again where it
 * was. Runs only where Docker answers; elsewhere JUnit reports it skipped with the reason.
 */
@EnabledIf(
        value = "dockerAnswers",
        disabledReason = "no Docker on this machine: the Testcontainers path cannot run here (the embedded one does)")
class ContainersIntegrationTests {

    static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Test
    void postgresGivesAFreshDatabasePerName() throws Exception {
        var postgres = Containers.postgres();
        var url = postgres.createDatabase(TestInfrastructure.uniqueName("containers"));

        try (var connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                var result = connection.createStatement().executeQuery("select current_database()")) {
            assertThat(result.next()).isTrue();
            assertThat(url).endsWith("/" + result.getString(1));
        }
    }

    @Test
    void redisKnowsEveryServiceUserAndComesBackOnItsPortAfterAStop() {
        var redis = Containers.redis();
        var user = RedisAccess.USERS.getFirst().name();
        assertThat(RespCommand.send(redis.host(), redis.port(), user, "any", "PING"))
                .isEqualTo("PONG");

        redis.stop();
        assertThatThrownBy(() -> RespCommand.send(redis.host(), redis.port(), null, null, "PING"))
                .isInstanceOf(RuntimeException.class);

        redis.start();
        assertThat(RespCommand.send(redis.host(), redis.port(), user, "any", "PING"))
                .isEqualTo("PONG");
    }
}
