package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/** Per-client-IP limits in the test Redis, with a login limit of 3 at once and 1 a minute. */
class RateLimitIntegrationTests {

    static FakeBackend authService;
    static ConfigurableApplicationContext gateway;
    static String uri;

    @BeforeAll
    static void start() {
        authService = new FakeBackend()
                .on("/auth/", exchange -> FakeBackend.respond(exchange, 200, "text/html; charset=utf-8", "ok"));
        int port = Gateways.freePort();
        uri = "http://localhost:" + port;
        var properties = new java.util.LinkedHashMap<String, String>();
        properties.put("MINASIDOR_AUTH_SERVICE_URI", authService.baseUri());
        properties.put("minasidor.gateway.rate-limit.key-prefix", TestInfrastructure.uniqueName("rate"));
        limit(properties, 0, "login", "/auth/login", 1, 3);
        limit(properties, 1, "registration", "/auth/registrering", 10, 20);
        gateway = Gateways.start(port, properties);
    }

    private static void limit(
            Map<String, String> properties, int index, String name, String path, int perMinute, int burst) {
        var prefix = "minasidor.gateway.rate-limit.limits[" + index + "].";
        properties.put(prefix + "name", name);
        properties.put(prefix + "methods", "POST");
        properties.put(prefix + "paths", path);
        properties.put(prefix + "per-minute", String.valueOf(perMinute));
        properties.put(prefix + "burst", String.valueOf(burst));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        authService.close();
    }

    @Test
    void answersTooManyLoginAttemptsWith429InSwedish() {
        var browser = new Browser();
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(browser.post(
                                    uri + "/auth/login",
                                    Map.of("username", "100003"),
                                    "X-Forwarded-For",
                                    "198.51.100." + attempt)
                            .statusCode())
                    .isEqualTo(200);
        }

        // A different X-Forwarded-For does not make a new client: the visitor is not a trusted proxy.
        var refused = browser.post(
                uri + "/auth/login",
                Map.of("username", "100003"),
                "Accept",
                "application/json",
                "X-Forwarded-For",
                "198.51.100.99");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body())
                .contains("\"code\":\"too-many-requests\"")
                .contains("För många försök")
                .contains("Vänta en stund");
        assertThat(refused.headers().firstValue("Content-Security-Policy")).isPresent();

        var page = browser.post(uri + "/auth/login", Map.of("username", "100003"));
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.body()).contains("<h1>För många försök</h1>");

        var rejections = gateway.getBean(MeterRegistry.class)
                .get("minasidor.gateway.rate-limit.rejections")
                .tag("limit", "login")
                .counter()
                .count();
        assertThat(rejections).isGreaterThanOrEqualTo(2);
        // Pages that are not limited still answer.
        assertThat(browser.get(uri + "/auth/login").statusCode()).isEqualTo(200);
    }

    @Test
    void letsLoginsThroughWhileRedisIsDown() {
        var redis = TestInfrastructure.redis();
        redis.stop();
        try {
            var response = new Browser().post(uri + "/auth/registrering", Map.of("customerNumber", "100003"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(gateway.getBean(MeterRegistry.class)
                            .get("minasidor.gateway.rate-limit.unavailable")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            redis.start();
        }
    }
}
