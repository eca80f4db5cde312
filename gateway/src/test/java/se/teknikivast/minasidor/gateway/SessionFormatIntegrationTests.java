package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code minasidor.gateway.session.json} on, sessions are stored as JSON, and a session stored in the other format
 * (JDK serialization) ends without a 500. The login tests with JSON: {@link LoginSessionJsonIntegrationTests}.
 */
class SessionFormatIntegrationTests {

    static ConfigurableApplicationContext gateway;
    static String uri;
    static String namespace = TestInfrastructure.uniqueName("session");

    @BeforeAll
    static void start() {
        int port = Gateways.freePort();
        uri = "http://localhost:" + port;
        gateway = Gateways.start(
                port,
                Map.of(
                        "MINASIDOR_AUTH_SERVICE_URI",
                        "http://127.0.0.1:9",
                        "spring.session.data.redis.namespace",
                        namespace,
                        "minasidor.gateway.session.json",
                        "true"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void storesTheSessionAsJson() {
        var browser = new Browser();
        assertThat(browser.get(uri + "/").statusCode()).isEqualTo(302);
        var stored = fields(sessionKey(browser.cookie("__Host-MINASIDOR_SESSION")));

        assertThat(stored).containsKeys("creationTime", "lastAccessedTime", "maxInactiveInterval");
        assertThat(stored.keySet()).anySatisfy(field -> assertThat(field).startsWith("sessionAttr:"));
        var json = JsonMapper.builder().build();
        stored.forEach(
                (field, value) -> assertThat(json.readTree(value)).as(field).isNotNull());
        assertThat(json.readTree(stored.get("maxInactiveInterval")).asInt()).isEqualTo(1800);
    }

    @Test
    void endsASessionStoredWithJdkSerializationInsteadOfFailing() {
        var browser = new Browser();
        assertThat(browser.get(uri + "/").statusCode()).isEqualTo(302);
        var id = browser.cookie("__Host-MINASIDOR_SESSION");
        var key = sessionKey(id);
        // As the previous release wrote it.
        var jdk = new JdkSerializationRedisSerializer();
        var now = System.currentTimeMillis();
        var connection = redis();
        for (var field : Map.<String, Object>of(
                        "creationTime",
                        now,
                        "lastAccessedTime",
                        now,
                        "maxInactiveInterval",
                        1800,
                        "sessionAttr:SPRING_SECURITY_SAVED_REQUEST",
                        "/mina-sidor")
                .entrySet()) {
            connection
                    .hashCommands()
                    .hSet(bytes(key), bytes(field.getKey()), ByteBuffer.wrap(jdk.serialize(field.getValue())))
                    .block(Duration.ofSeconds(5));
        }

        var response = browser.get(uri + "/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response)).isEqualTo("/oauth2/authorization/mina-sidor");
        assertThat(connection.keyCommands().exists(bytes(key)).block(Duration.ofSeconds(5)))
                .as("the unreadable session is deleted")
                .isFalse();
        assertThat(browser.cookie("__Host-MINASIDOR_SESSION")).isNotEqualTo(id);
    }

    static String sessionKey(String id) {
        return sessionKey(redis(), namespace, id);
    }

    /** The Redis key of the session {@code id} under {@code namespace}. */
    static String sessionKey(ReactiveRedisConnection redis, String namespace, String id) {
        assertThat(id).isNotNull();
        var keys = redis.keyCommands().keys(bytes(namespace + "*" + id)).block(Duration.ofSeconds(5));
        assertThat(keys).hasSize(1);
        return StandardCharsets.UTF_8.decode(keys.getFirst()).toString();
    }

    static Map<String, String> fields(String key) {
        var entries = redis().hashCommands()
                .hGetAll(bytes(key))
                .collectMap(
                        entry -> StandardCharsets.UTF_8.decode(entry.getKey()).toString(),
                        entry -> StandardCharsets.UTF_8.decode(entry.getValue()).toString())
                .block(Duration.ofSeconds(5));
        return entries;
    }

    static ReactiveRedisConnection redis() {
        return gateway.getBean(ReactiveRedisConnectionFactory.class).getReactiveConnection();
    }

    static ByteBuffer bytes(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }
}
