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
 * local profile's password, and the exporter and the healthcheck as a user that reads statistics only; all of them over
 * TLS, trusting the certificate that ops/redis/certificate.sh makes, and Redis without a plain-text port.
 */
class DockerComposeRedisTests {

    private static final Path ROOT =
            Path.of(System.getProperty("minasidor.root", "..")).toAbsolutePath().normalize();
    private static final String ACL_FILE = "/usr/local/etc/redis/users.acl";
    private static final String TLS_VOLUME = "redis-tls";
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

    @Test
    void redisSpeaksTlsOnlyWithTheKeyAndCertificateTheOneShotServiceMakes() throws IOException {
        var redis = service("redis");
        var command = strings(redis.get("command"));
        assertThat(command)
                .as("no plain-text port, TLS on the port the services use")
                .containsSequence("--port", "0")
                .containsSequence("--tls-port", "6379");
        var directory = mountOf(redis, TLS_VOLUME);
        assertThat(command)
                .containsSequence("--tls-cert-file", directory + "/redis.crt")
                .containsSequence("--tls-key-file", directory + "/redis.key");
        assertThat(map(map(redis.get("depends_on")).get("redis-certificate")))
                .containsEntry("condition", "service_completed_successfully");

        var maker = service("redis-certificate");
        assertThat(strings(maker.get("volumes"))).contains(TLS_VOLUME + ":/tls");
        assertThat(strings(maker.get("entrypoint"))).contains("/ops/redis/certificate.sh");
        var script = Files.readString(ROOT.resolve("ops/redis/certificate.sh"));
        assertThat(script)
                .contains("tls=/tls")
                .contains("-keyout \"$tls/redis.key\"")
                .contains("mv \"$tls/redis.crt.new\" \"$tls/redis.crt\"")
                .as("the names the services and the healthcheck connect to")
                .contains("DNS:redis,DNS:localhost,IP:127.0.0.1");
        assertThat(map(yaml(ROOT.resolve("docker-compose.yml")).get("volumes"))).containsKey(TLS_VOLUME);

        assertThat(strings(map(redis.get("healthcheck")).get("test")))
                .containsSequence("--tls", "--cacert", directory + "/redis.crt");
        var exporter = service("redis-exporter");
        var exporterEnvironment = map(exporter.get("environment"));
        assertThat(String.valueOf(exporterEnvironment.get("REDIS_ADDR"))).startsWith("rediss://");
        assertThat(exporterEnvironment)
                .containsEntry("REDIS_EXPORTER_TLS_CA_CERT_FILE", mountOf(exporter, TLS_VOLUME) + "/redis.crt");
    }

    @ParameterizedTest
    @MethodSource("redisClients")
    void connectsOverTlsTrustingRedissCertificate(String module) {
        var service = service(module);
        var environment = map(service.get("environment"));
        assertThat(environment)
                .as("%s: TLS on, with the bundle of Redis's certificate", module)
                .containsEntry("SPRING_DATA_REDIS_SSL_BUNDLE", "redis")
                .containsEntry(
                        "SPRING_SSL_BUNDLE_PEM_REDIS_TRUSTSTORE_CERTIFICATE",
                        "file:" + mountOf(service, TLS_VOLUME) + "/redis.crt");
        assertThat(strings(service.get("volumes")))
                .as("%s reads the certificate, never writes", module)
                .contains(TLS_VOLUME + ":" + mountOf(service, TLS_VOLUME) + ":ro");
        assertThat(map(map(service.get("depends_on")).get("redis"))).containsEntry("condition", "service_healthy");
    }

    /** Where a service mounts the named volume. */
    private static String mountOf(Map<String, Object> service, String volume) {
        return strings(service.get("volumes")).stream()
                .filter(mount -> mount.startsWith(volume + ":"))
                .map(mount -> mount.split(":")[1])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + volume + " in " + service.get("volumes")));
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
