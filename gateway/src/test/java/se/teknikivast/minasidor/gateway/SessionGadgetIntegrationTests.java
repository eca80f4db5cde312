package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import se.teknikivast.minasidor.infrastructure.testing.PlantedGadget;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * Plays someone who can write to Redis (a stolen Redis password, a neighbour on its network) and plants a
 * JDK-serialized object in a customer's gateway session, hoping the gateway runs its {@code readObject} when it next
 * reads the session. It must not: the class is refused before an instance is made, and the session ends as unreadable.
 */
class SessionGadgetIntegrationTests {

    static ConfigurableApplicationContext gateway;
    static String uri;
    static final String namespace = TestInfrastructure.uniqueName("session");

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
                        namespace));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
    }

    @BeforeEach
    void reset() {
        PlantedGadget.reset();
    }

    @Test
    void aGadgetPlantedInASessionDoesNotRunAndTheSessionEnds() {
        var browser = new Browser();
        assertThat(browser.get(uri + "/").statusCode()).isEqualTo(302);
        var id = browser.cookie("__Host-MINASIDOR_SESSION");
        var key = SessionFormatIntegrationTests.sessionKey(redis(), namespace, id);
        redis().hashCommands()
                .hSet(
                        bytes(key),
                        bytes("sessionAttr:SPRING_SECURITY_CONTEXT"),
                        ByteBuffer.wrap(PlantedGadget.serialized()))
                .block(Duration.ofSeconds(5));

        var response = browser.get(uri + "/");

        assertThat(PlantedGadget.ran())
                .as("the planted object's readObject ran")
                .isFalse();
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response)).isEqualTo("/oauth2/authorization/mina-sidor");
        assertThat(browser.cookie("__Host-MINASIDOR_SESSION")).isNotEqualTo(id);
        assertThat(redis().keyCommands().exists(bytes(key)).block(Duration.ofSeconds(5)))
                .as("the unreadable session is deleted")
                .isFalse();
    }

    static ReactiveRedisConnection redis() {
        return gateway.getBean(ReactiveRedisConnectionFactory.class).getReactiveConnection();
    }

    static ByteBuffer bytes(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }
}
