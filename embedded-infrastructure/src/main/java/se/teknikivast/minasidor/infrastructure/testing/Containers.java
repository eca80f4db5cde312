package se.teknikivast.minasidor.infrastructure.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports.Binding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.embedded.RedisAccess;
import se.teknikivast.minasidor.infrastructure.embedded.RedisServer;
import se.teknikivast.minasidor.infrastructure.embedded.RespCommand;

/**
 * The Testcontainers path: official images, for machines with Docker. Loaded only when asked for
 * ({@code -Dminasidor.testcontainers=true}, which also switches on the parent pom's {@code testcontainers} profile
 * that puts Testcontainers on every module's test class path).
 */
final class Containers {

    private static final int REDIS_PORT = 6379;
    private static final Duration STARTUP = Duration.ofSeconds(30);

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
        // A fixed host port, so that a test that stops Redis and starts it again finds it where it was (Docker keeps
        // a container's port bindings across stop and start; a random one would be chosen anew).
        int hostPort = Ports.freePort();
        var container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(REDIS_PORT)
                .withCreateContainerCmdModifier(create -> create.getHostConfig()
                        .withPortBindings(new PortBinding(Binding.bindPort(hostPort), new ExposedPort(REDIS_PORT))))
                // The embedded server's and docker-compose.yml's memory policy.
                .withCommand(
                        "redis-server",
                        "--maxmemory",
                        RedisServer.DEFAULT_MAX_MEMORY,
                        "--maxmemory-policy",
                        "noeviction",
                        "--notify-keyspace-events",
                        RedisAccess.KEYSPACE_EVENTS);
        container.start();
        var host = container.getHost();
        openUsers(host, hostPort);
        return new TestInfrastructure.Redis() {
            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return hostPort;
            }

            @Override
            public void stop() {
                container
                        .getDockerClient()
                        .stopContainerCmd(container.getContainerId())
                        .exec();
            }

            @Override
            public void start() {
                container
                        .getDockerClient()
                        .startContainerCmd(container.getContainerId())
                        .exec();
                awaitPing(host, hostPort);
                // ACL SETUSER lives in memory only: a restarted Redis has the default user alone.
                openUsers(host, hostPort);
            }
        };
    }

    /** As the embedded server for tests: every service user, with any password ({@code RedisAccess.openAclFile}). */
    private static void openUsers(String host, int port) {
        for (var user : RedisAccess.USERS) {
            var command = new ArrayList<>(List.of("ACL", "SETUSER", user.name()));
            command.addAll(RedisAccess.OPEN);
            RespCommand.send(host, port, null, null, command.toArray(String[]::new));
        }
    }

    private static void awaitPing(String host, int port) {
        var deadline = Instant.now().plus(STARTUP);
        while (true) {
            try {
                RespCommand.send(host, port, null, null, "PING");
                return;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Redis did not answer within " + STARTUP + " of its start", e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
