package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;

/**
 * docker-compose.yml's Kafka against the services and against the broker the local stack and the tests run: the same
 * users, ACLs and topics as {@link KafkaAccess}, and every service that uses Kafka logs in there as its own user, with
 * its local profile's password, over TLS.
 */
class DockerComposeKafkaTests {

    private static final Path ROOT =
            Path.of(System.getProperty("minasidor.root", "..")).toAbsolutePath().normalize();
    private static final Pattern USERNAME = Pattern.compile("username=\"\\$\\{MINASIDOR_KAFKA_USERNAME:([^}]+)}\"");
    private static final String TRUSTED_CERTIFICATE = "file:/kafka-secrets/kafka-ca.pem";

    private static Map<String, Object> services;

    @BeforeAll
    static void readCompose() throws IOException {
        services = map(yaml(ROOT.resolve("docker-compose.yml")).get("services"));
    }

    /** The services whose application.yml has a Kafka client. */
    static Stream<String> kafkaClients() {
        return Stream.of("auth-service", "bankid-adapter", "customer-service", "gateway", "notification-service")
                .filter(module -> kafka(module).containsKey("bootstrap-servers"));
    }

    @Test
    void theBrokerGrantsExactlyTheAclsOfKafkaAccess() throws IOException {
        var expected = KafkaAccess.RULES.stream()
                .map(rule -> String.join(
                        " ",
                        rule.user(),
                        capitalized(rule.operation().name()),
                        rule.type().name().toLowerCase(Locale.ROOT),
                        rule.name()))
                .toList();

        assertThat(lines(ROOT.resolve("ops/kafka/acls.conf"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theBrokerCreatesTheTopicsOfKafkaAccessWithTheirRetention() throws IOException {
        var expected = KafkaAccess.TOPICS.stream()
                .map(topic -> topic.name() + " " + topic.retention().toMillis())
                .toList();

        assertThat(lines(ROOT.resolve("ops/kafka/topics.conf"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theBrokerHasAUserForEveryServiceOnKafkaAndNoOther() {
        assertThat(kafkaClients().toList()).containsExactlyInAnyOrderElementsOf(KafkaAccess.users());
        var kafka = service("kafka");
        assertThat(kafka.get("entrypoint").toString()).contains("/ops/kafka/start.sh");
        assertThat(strings(kafka.get("volumes"))).contains("./ops/kafka:/ops/kafka:ro");
    }

    @ParameterizedTest
    @MethodSource("kafkaClients")
    void logsInAsItsOwnUserWithItsLocalPasswordOverTls(String module) throws IOException {
        var jaas = String.valueOf(map(kafka(module).get("properties")).get("sasl.jaas.config"));
        var username = USERNAME.matcher(jaas);
        assertThat(username.find())
                .as("%s: the user in sasl.jaas.config", module)
                .isTrue();
        assertThat(username.group(1)).as("%s: its Kafka user", module).isEqualTo(module);
        assertThat(jaas).as(module).contains("password=\"${MINASIDOR_KAFKA_PASSWORD}\"");

        assertThat(DockerComposeTests.demoSecrets(module))
                .as("%s: application-local.yml", module)
                .contains("MINASIDOR_KAFKA_PASSWORD");
        assertThat(strings(service("kafka").get("volumes")))
                .as("kafka creates %s's user with the password of its local profile", module)
                .contains(
                        "./%s/src/main/resources/application-local.yml:/passwords/%s.yml:ro".formatted(module, module));

        var environment = map(service(module).get("environment"));
        assertThat(environment)
                .as("%s: environment", module)
                .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", TRUSTED_CERTIFICATE)
                .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
        assertThat(strings(service(module).get("volumes"))).contains("kafka-secrets:/kafka-secrets:ro");
        assertThat(String.valueOf(map(kafka(module).get("security")).get("protocol")))
                .as("%s: outside the local profile", module)
                .isEqualTo("SASL_SSL");
    }

    @Test
    void onlyTheBrokerMayWriteItsSecrets() {
        services.forEach((name, definition) -> {
            for (var volume : strings(map(definition).get("volumes"))) {
                if (volume.startsWith("kafka-secrets:")) {
                    assertThat(name.equals("kafka") || volume.endsWith(":ro"))
                            .as("%s mounts %s", name, volume)
                            .isTrue();
                }
            }
        });
    }

    private static Map<String, Object> kafka(String module) {
        try {
            var spring = map(yaml(ROOT.resolve(module).resolve("src/main/resources/application.yml"))
                    .get("spring"));
            return map(spring.get("kafka"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static String capitalized(String name) {
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name));
    }

    /** The first document of a YAML file. */
    static Map<String, Object> yaml(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            return map(new Yaml().loadAll(reader).iterator().next());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    static List<String> strings(Object value) {
        var strings = new ArrayList<String>();
        if (value instanceof List<?> items) {
            items.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }
}
