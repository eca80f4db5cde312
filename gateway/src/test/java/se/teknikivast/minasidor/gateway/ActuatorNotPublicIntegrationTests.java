package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stranger asks the public origin for metrics: the gateway's own actuator and auth-service's behind {@code /auth}.
 * auth-service's lockout and registration counters would say whether a customer number exists. Both are 404 on the
 * public port, however the path is spelled, and nothing of it reaches auth-service; the gateway's metrics are on its
 * management port.
 */
class ActuatorNotPublicIntegrationTests {

    static FakeBackend authService;
    static ConfigurableApplicationContext gateway;
    static String uri;
    static final List<String> seenByAuthService = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        // Stands in for an auth-service that still answers actuator requests on its public port.
        authService = new FakeBackend().on("/auth/", exchange -> {
            seenByAuthService.add(exchange.getRequestURI().getRawPath());
            FakeBackend.respond(
                    exchange, 200, "text/plain", "minasidor_lockouts_total{application=\"auth-service\"} 3.0");
        });
        int port = Gateways.freePort();
        uri = "http://localhost:" + port;
        gateway = Gateways.start(port, Map.of("MINASIDOR_AUTH_SERVICE_URI", authService.baseUri()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        authService.close();
    }

    @BeforeEach
    void forget() {
        seenByAuthService.clear();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/actuator",
                "/actuator/prometheus",
                "/actuator/health",
                "/actuator/health/readiness",
                "/actuator/info",
                "/actuator/env",
                "/auth/actuator",
                "/auth/actuator/prometheus",
                "/auth/actuator/health",
                "/auth/actuator/health/readiness",
                "/auth/actuator/info",
                // Spellings a servlet container reads as /auth/actuator/prometheus.
                "/auth/%61ctuator/prometheus",
                "/auth/actuator%2Fprometheus",
                "/auth//actuator/prometheus",
                "/auth/./actuator/prometheus",
                "/auth/x/../actuator/prometheus",
                "/auth/actuator;jsessionid=1/prometheus",
                "/auth/ACTUATOR/prometheus",
                // auth-service's server-to-server endpoints (the logout back channel).
                "/auth/internal/logout",
                "/auth/%69nternal/logout",
                "/auth//internal/logout",
                "/auth/INTERNAL/logout"
            })
    void answersNotFoundOnThePublicPortAndForwardsNothing(String path) {
        for (var accept : List.of("text/html", "application/json", "*/*")) {
            var response = new Browser().get(uri + path, "Accept", accept);

            assertThat(response.statusCode()).as("%s (%s)", path, accept).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("minasidor_").doesNotContain("jvm_");
        }
        assertThat(seenByAuthService).as("requests that reached auth-service").isEmpty();
    }

    @Test
    void theNotFoundPageSpeaksTheLanguageChosenOnTheLoginPage() {
        var english = new Browser().get(uri + "/actuator/prometheus", "Cookie", "MINASIDOR_AUTH_LANG=en");
        assertThat(english.statusCode()).isEqualTo(404);
        assertThat(english.body()).contains("<html lang=\"en\">").contains("Page not found");

        var chosenNow = new Browser().get(uri + "/actuator/prometheus?lang=en");
        assertThat(chosenNow.body()).contains("<html lang=\"en\">");

        var swedish = new Browser().get(uri + "/actuator/prometheus");
        assertThat(swedish.statusCode()).isEqualTo(404);
        assertThat(swedish.body()).contains("<html lang=\"sv\">").contains("Sidan finns inte");
    }

    @Test
    void stillForwardsTheLoginPages() {
        var response = new Browser().get(uri + "/auth/login");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seenByAuthService).containsExactly("/auth/login");
    }

    @Test
    void servesItsOwnHealthAndMetricsOnTheManagementPortOnly() {
        var environment = gateway.getEnvironment();
        var managementPort = environment.getProperty("local.management.port", Integer.class);
        assertThat(managementPort)
                .as("local.management.port")
                .isNotNull()
                .isNotEqualTo(environment.getProperty("local.server.port", Integer.class));
        var management = "http://localhost:" + managementPort;
        var browser = new Browser();

        assertThat(browser.get(management + "/actuator/health/readiness", "Accept", "application/json")
                        .body())
                .contains("\"status\":\"UP\"");
        assertThat(browser.get(management + "/actuator/prometheus", "Accept", "text/plain")
                        .body())
                .contains("application=\"gateway\"");
    }
}
