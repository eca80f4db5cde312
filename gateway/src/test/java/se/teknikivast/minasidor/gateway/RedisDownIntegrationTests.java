package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * A customer who starts a login while Redis is down or stalled (issue 18's spot check found an empty 500 at
 * {@code /oauth2/authorization/mina-sidor}): the gateway cannot keep the login's state, so it says so in Swedish, a
 * 503 with Retry-After (problem details for scripts), and logins work again once Redis is back.
 */
class RedisDownIntegrationTests {

    static ConfigurableApplicationContext gateway;
    static String uri;

    @BeforeAll
    static void start() {
        int port = Gateways.freePort();
        uri = "http://localhost:" + port;
        gateway = Gateways.start(port, Map.of("MINASIDOR_AUTH_SERVICE_URI", "http://127.0.0.1:9"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void aLoginStartedWhileRedisIsDownGetsTheSwedishTryAgainPageAndWorksWhenRedisIsBack() {
        var returning = new Browser();
        assertThat(returning.get(uri + "/").statusCode()).isEqualTo(302);
        assertThat(returning.cookie("__Host-MINASIDOR_SESSION")).isNotNull();
        var redis = TestInfrastructure.redis();
        redis.stop();
        try {
            for (var path : new String[] {"/oauth2/authorization/mina-sidor", "/"}) {
                var page = new Browser().get(uri + path);

                assertThat(page.statusCode()).as(path).isEqualTo(503);
                assertThat(page.headers().firstValue("Content-Type"))
                        .as(path)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
                assertThat(page.body()).as(path).contains("Försök igen");
                assertThat(page.headers().firstValue("Retry-After")).as(path).isPresent();
                assertThat(page.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .isPresent();
            }
            // A script of a visitor who has a session: it cannot be read.
            var api = returning.get(uri + "/api/customers/me", "Accept", "application/json");
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        } finally {
            redis.start();
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(new Browser()
                                .get(uri + "/oauth2/authorization/mina-sidor")
                                .statusCode())
                        .isEqualTo(302));
    }
}
