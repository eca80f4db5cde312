package se.teknikivast.minasidor.infrastructure.testing;

import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import se.teknikivast.minasidor.infrastructure.embedded.RedisAccess;
import se.teknikivast.minasidor.infrastructure.embedded.RespCommand;

/** The Testcontainers path: official images, for machines with Docker. Loaded only when asked for. */
final class Containers {

    private Containers() {}

    static TestInfrastructure.Postgres postgres() {
        var container = new PostgreSQLContainer(DockerImageName.parse("postgres:17"));
        container.start();
        return new TestInfrastructure.Postgres() {
            @Override
            public String createDatabase(String name) {
                try (var connection = container.createConnection("");
                        var statement = connection.createStatement()) {
                    statement.execute("create database " + name);
                } catch (Exception e) {
                    throw new IllegalStateException("Could not create database " + name, e);
                }
                return "jdbc:postgresql://%s:%d/%s".formatted(container.getHost(), container.getMappedPort(5432), name);
            }

            @Override
            public String username() {
                return container.getUsername();
            }

            @Override
            public String password() {
                return container.getPassword();
            }
        };
    }

    static TestInfrastructure.Redis redis() {
        var container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(6379)
                // The embedded server's and docker-compose.yml's memory policy.
                .withCommand(
                        "redis-server",
                        "--maxmemory",
                        se.teknikivast.minasidor.infrastructure.embedded.RedisServer.DEFAULT_MAX_MEMORY,
                        "--maxmemory-policy",
                        "noeviction",
                        "--notify-keyspace-events",
                        RedisAccess.KEYSPACE_EVENTS);
        container.start();
        // As the embedded server for tests: every service user, with any password (RedisAccess.openAclFile).
        for (var user : RedisAccess.USERS) {
            var command = new java.util.ArrayList<>(List.of("ACL", "SETUSER", user.name()));
            command.addAll(RedisAccess.OPEN);
            RespCommand.send(
                    container.getHost(), container.getMappedPort(6379), null, null, command.toArray(String[]::new));
        }
        return new TestInfrastructure.Redis() {
            @Override
            public String host() {
                return container.getHost();
            }

            @Override
            public int port() {
                return container.getMappedPort(6379);
            }

            @Override
            public void stop() {
                throw new UnsupportedOperationException("Stopping Redis is only supported by the embedded server");
            }

            @Override
            public void start() {
                throw new UnsupportedOperationException("Stopping Redis is only supported by the embedded server");
            }
        };
    }
}
