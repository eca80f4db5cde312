package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.localstack.DockerComposeKafkaTests.map;
import static se.teknikivast.minasidor.localstack.DockerComposeKafkaTests.strings;
import static se.teknikivast.minasidor.localstack.DockerComposeKafkaTests.yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.teknikivast.minasidor.infrastructure.embedded.RedisAccess;

/**
 * docker-compose.yml's Redis against the services and against the Redis the local stack runs: the same users and
 * rules as {@link RedisAccess} (the default user off), each service that uses Redis logging in as its own user with its
 * local profile's password, and the exporter and the healthcheck as a user that reads statistics only.
 */
class DockerComposeRedisTests {

    private static final Path ROOT =
            Path.of(System.getProperty("minasidor.root", "..")).toAbsolutePath().normalize();
    private static final String ACL_FILE = "/usr/local/etc/redis/users.acl";
    private static final Pattern LOCAL_PASSWORD =
            Pattern.compile("(?m)^MINASIDOR_REDIS_PASSWORD:\\s*\"?([^\"\\s]+)\"?\\s*$");

    private static Map<String, Object> services;

    @BeforeAll
    static void readCompose() throws IOException {
        services = map(yaml(ROOT.resolve("docker-compose.yml")).get("services"));
    }

    /** The services whose application.yml has a Redis client. */
    static Stream<String> redisClients() {
        return Stream.of("auth-service", "bankid-adapter", "customer-service", "gateway", "notification-service")
                .filter(module -> !redis(module).isEmpty());
    }

    @Test
    void redisHasExactlyTheUsersOfRedisAccessWithTheLocalPasswordsAndTheDefaultUserOff() throws IOException {
        var passwords = new LinkedHashMap<String, String>();
        for (var user : RedisAccess.USERS) {
            passwords.put(user.name(), localPassword(user.name()));
        }
        var exporter = map(service("redis-exporter").get("environment"));
        assertThat(exporter).containsEntry("REDIS_USER", RedisAccess.EXPORTER);

        assertThat(Files.readAllLines(ROOT.resolve("ops/redis/users.acl")))
                .containsExactlyElementsOf(
                        RedisAccess.hashedAclFile(passwords, String.valueOf(exporter.get("REDIS_PASSWORD"))));
    }

    @Test
    void redisReadsTheUsersAndSendsTheKeyspaceEventsItself() {
        var redis = service("redis");
        var command = strings(redis.get("command"));
        assertThat(command).containsSequence("--aclfile", ACL_FILE).containsSequence("--notify-keyspace-events", "Egx");
        assertThat(strings(redis.get("volumes"))).contains("./ops/redis/users.acl:" + ACL_FILE + ":ro");
        var exporterPassword =
                String.valueOf(map(service("redis-exporter").get("environment")).get("REDIS_PASSWORD"));
        assertThat(strings(map(redis.get("healthcheck")).get("test")))
                .as("the healthcheck logs in as the exporter")
                .containsSequence("--user", RedisAccess.EXPORTER, "--pass", exporterPassword);
    }

    @Test
    void everyServiceOnRedisHasAUserAndNoOther() {
        assertThat(redisClients().toList())
                .containsExactlyInAnyOrderElementsOf(
                        RedisAccess.USERS.stream().map(RedisAccess.User::name).toList());
    }

    @ParameterizedTest
    @MethodSource("redisClients")
    void logsInAsItsOwnUserWithItsPassword(String module) throws IOException {
        var redis = redis(module);
        assertThat(String.valueOf(redis.get("username"))).isEqualTo("${MINASIDOR_REDIS_USERNAME:" + module + "}");
        assertThat(String.valueOf(redis.get("password"))).isEqualTo("${MINASIDOR_REDIS_PASSWORD}");
        assertThat(DockerComposeTests.demoSecrets(module))
                .as("%s: application-local.yml", module)
                .contains("MINASIDOR_REDIS_PASSWORD");
        assertThat(map(service(module).get("environment")))
                .as("%s logs in with its local profile's password, which users.acl holds", module)
                .doesNotContainKeys("MINASIDOR_REDIS_PASSWORD", "MINASIDOR_REDIS_USERNAME");
    }

    private static String localPassword(String module) throws IOException {
        var matcher = LOCAL_PASSWORD.matcher(
                Files.readString(ROOT.resolve(module).resolve("src/main/resources/application-local.yml")));
        assertThat(matcher.find())
                .as("%s: MINASIDOR_REDIS_PASSWORD in application-local.yml", module)
                .isTrue();
        return matcher.group(1);
    }

    private static Map<String, Object> redis(String module) {
        try {
            var spring = map(yaml(ROOT.resolve(module).resolve("src/main/resources/application.yml"))
                    .get("spring"));
            return map(map(spring.get("data")).get("redis"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name));
    }
}
