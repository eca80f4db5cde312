package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.web.client.RestClient;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/** The gateway on its own, with both backends and Kafka down (nothing listens on the discard port). */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "MINASIDOR_AUTH_SERVICE_URI=http://127.0.0.1:9",
            "MINASIDOR_CUSTOMER_SERVICE_URI=http://127.0.0.1:9",
            // Kafka down as well: the gateway starts and serves without it (auth.events.v1 is consumed once it is up).
            "spring.kafka.bootstrap-servers=" + Gateways.KAFKA_DOWN,
            "server.reactive.session.cookie.secure=false"
        })
@WithRedis
class GatewayApplicationIntegrationTests {

    @Value("${local.server.port}")
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    RouteLocator routes;

    @Test
    void isReadyAndExportsPrometheusMetricsOnTheManagementPort() {
        var client = RestClient.create("http://localhost:" + managementPort);

        var readiness =
                client.get().uri("/actuator/health/readiness").retrieve().body(String.class);
        assertThat(readiness).contains("\"status\":\"UP\"");

        var metrics = client.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("application=\"gateway\"");
    }

    @Test
    void loadsTheAuthServiceAndCustomerServiceRoutes() {
        var loaded = routes.getRoutes().collectList().block();

        assertThat(loaded).extracting(Route::getId).contains("auth-service", "customer-service");
        var auth = loaded.stream()
                .filter(r -> r.getId().equals("auth-service"))
                .findFirst()
                .orElseThrow();
        assertThat(auth.getUri().toString()).isEqualTo("http://127.0.0.1:9");
        var api = loaded.stream()
                .filter(r -> r.getId().equals("customer-service"))
                .findFirst()
                .orElseThrow();
        assertThat(api.getFilters())
                .extracting(Object::toString)
                .anySatisfy(filter -> assertThat(filter).contains("TokenRelay"));
    }

    @Test
    void redirectsAnUnauthenticatedVisitorIntoTheLogin() {
        var response = new Browser().get("http://localhost:" + port + "/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response)).isEqualTo("/oauth2/authorization/mina-sidor");
    }

    @Test
    void putsTheSecurityHeadersOnEveryResponse() {
        var browser = new Browser();
        for (var path : new String[] {"/", "/utloggad", "/auth/login", "/api/customers/me", "/css/mina-sidor.css"}) {
            var headers = browser.get("http://localhost:" + port + path).headers();
            assertThat(headers.firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("script-src 'self'")
                            .doesNotContain("unsafe-inline")
                            .contains("frame-ancestors 'none'"));
            assertThat(headers.firstValue("Strict-Transport-Security"))
                    .as(path)
                    .hasValue("max-age=31536000; includeSubDomains");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(path).hasValue("strict-origin-when-cross-origin");
            assertThat(headers.firstValue("Permissions-Policy")).as(path).isPresent();
        }
    }

    @Test
    void showsTheSwedishFallbackPageWhenAuthServiceIsDown() {
        var response = new Browser().get("http://localhost:" + port + "/auth/login");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("Mina sidor är tillfälligt otillgänglig");
    }

    @Test
    void answersAScriptWithAProblemWhenAuthServiceIsDown() {
        var response = new Browser()
                .post(
                        "http://localhost:" + port + "/auth/bankid/start",
                        java.util.Map.of(),
                        "Accept",
                        "application/json");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"code\":\"unavailable\"")
                .contains("\"type\":\"https://teknikivast.se/problems/unavailable\"")
                .contains("Mina sidor är tillfälligt otillgänglig");
    }

    @Test
    void showsTheLoggedOutPage() {
        var response = new Browser().get("http://localhost:" + port + "/utloggad");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Du är nu utloggad").contains("Logga in igen");
    }

    /** Issue 20: the language chosen on the login page (auth-service's cookie) holds on the gateway's pages. */
    @Test
    void theLoggedOutPageSpeaksTheLanguageChosenAtTheLoginAndCanSwitchIt() {
        var url = "http://localhost:" + port + "/utloggad";
        var swedish = new Browser().get(url);
        var chosenAtLogin = new Browser().get(url, "Cookie", "MINASIDOR_AUTH_LANG=en");
        var swedishAgain = new Browser().get(url, "Cookie", "MINASIDOR_AUTH_LANG=sv-SE");
        var visitor = new Browser();
        var switched = visitor.get(url + "?lang=en");

        assertThat(swedish.body())
                .contains("<html lang=\"sv\"", "Du är nu utloggad", "Kundservice tfn 0570-822 00", "In English");
        assertThat(chosenAtLogin.body())
                .contains("<html lang=\"en\"", "You are now logged out", "Log in again", "På svenska")
                .doesNotContain("Du är nu utloggad");
        assertThat(swedishAgain.body()).contains("Du är nu utloggad");
        assertThat(switched.body()).contains("You are now logged out");
        assertThat(visitor.cookie("MINASIDOR_AUTH_LANG")).isEqualTo("en");
        assertThat(switched.headers().allValues("Set-Cookie"))
                .filteredOn(cookie -> cookie.startsWith("MINASIDOR_AUTH_LANG="))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie.toLowerCase(java.util.Locale.ROOT))
                        .startsWith("minasidor_auth_lang=en;")
                        .contains("path=/", "httponly", "secure", "samesite=lax"));
    }
}
