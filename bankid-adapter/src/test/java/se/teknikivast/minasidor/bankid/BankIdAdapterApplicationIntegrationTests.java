package se.teknikivast.minasidor.bankid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.bankid.support.AdapterHttp;
import se.teknikivast.minasidor.bankid.support.TestBeans;
import se.teknikivast.minasidor.bankid.support.TestTokens;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;
import se.teknikivast.minasidor.resourceserver.test.ApiDocumentation;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/** The adapter as the local stack runs it: simulator profile, plain http to itself. */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@ActiveProfiles("simulator")
@WithRedis
@Import(TestBeans.class)
class BankIdAdapterApplicationIntegrationTests {

    static final int port = Ports.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> port);
        registry.add("minasidor.bankid.order.key-prefix", () -> TestInfrastructure.uniqueName("app") + ":");
    }

    @Value("${local.server.port}")
    int localPort;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ApplicationContext context;

    @Test
    void isReadyAndExportsPrometheusMetricsOnTheManagementPortOnly() {
        assertThat(new AdapterHttp(port, null).get("/actuator/prometheus").status())
                .as("/actuator/prometheus on the public port")
                .isGreaterThanOrEqualTo(400);
        var api = new AdapterHttp(managementPort, null);
        assertThat(api.get("/actuator/health/readiness").text()).contains("\"status\":\"UP\"");
        var health = api.get("/actuator/health").body().get("components");
        assertThat(health.get("bankIdCircuitBreaker").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("bankIdCircuitBreaker")
                        .get("details")
                        .get("state")
                        .asString())
                .isEqualTo("CLOSED");
        assertThat(health.get("rpCertificate").get("status").asString()).isEqualTo("UP");

        var authed = new AdapterHttp(port);
        var orderRef = authed.start(false).get("orderRef");
        authed.collect(orderRef);
        var metrics = api.get("/actuator/prometheus").text();
        assertThat(metrics)
                .contains("jvm_memory_used_bytes")
                .contains("application=\"bankid-adapter\"")
                .contains("bankid_orders_started_total{application=\"bankid-adapter\",launch=\"qr_code\"}")
                .contains("bankid_collect_seconds_bucket")
                .contains("resilience4j_circuitbreaker_state")
                // Before any order finished: registered with zeros, so the BankID dashboard shows them.
                .contains("bankid_orders_failed_total{application=\"bankid-adapter\",hint_code=\"userCancel\"} 0.0")
                .contains("bankid_orders_duration_seconds_bucket{application=\"bankid-adapter\",status=\"complete\"");
        assertThat(metrics).doesNotContain(orderRef).doesNotContain("191212121212");
        // The adapter's own API is observed; the simulator's RP API (BankID's side, called by the adapter) is not.
        assertThat(metrics)
                .contains("uri=\"/api/identifications\"")
                .contains("uri=\"/api/identifications/{orderRef}/collect\"")
                .doesNotContain("uri=\"/rp/");
    }

    @Test
    void refusesCallsWithoutTokenOrScopeAsProblems() {
        var anonymous = new AdapterHttp(port, null).start(false);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.get("code")).isEqualTo("unauthorized");

        var wrongScope = new AdapterHttp(port, TestTokens.withScope("customers.read")).start(false);
        assertThat(wrongScope.status()).isEqualTo(403);
        assertThat(wrongScope.get("code")).isEqualTo("forbidden");
    }

    /** Issue 15: a token is for the services its {@code aud} names, whatever scopes it carries. */
    @Test
    void refusesATokenForAnotherServiceEvenWithTheBankIdScope() {
        for (var audience : List.of("customer-service", "notification-service", "auth-service")) {
            var token = TestIssuer.get().client("auth-service", audience, "bankid");

            var response = new AdapterHttp(port, token).start(false);

            assertThat(response.status()).as(audience).isEqualTo(401);
            assertThat(response.get("code")).isEqualTo("unauthorized");
        }
    }

    /** Verified tokens are remembered (VerifiedTokenCache); a changed copy of one, or an expired one, is still refused. */
    @Test
    void refusesATamperedCopyOfAnAcceptedTokenAndAnExpiredTokenAsProblems() {
        var token = TestTokens.withScope("bankid");
        assertThat(new AdapterHttp(port, token).start(false).status()).isEqualTo(201);
        var parts = token.split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        var otherClient = payload.replace("\"auth-service\"", "\"example-team\"");
        assertThat(otherClient).isNotEqualTo(payload);
        var tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(otherClient.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        // Issued 10 minutes ago, so expired 5 minutes ago: beyond the validator's 60 s clock skew.
        var expired = TestTokens.withScope("bankid", Instant.now().minus(Duration.ofMinutes(10)));

        for (var refused : List.of(tampered, expired)) {
            var response = new AdapterHttp(port, refused).start(false);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.get("code")).isEqualTo("unauthorized");
        }
        assertThat(new AdapterHttp(port, token).start(false).status()).isEqualTo(201);
    }

    /** For auth-service and any other internal client: the adapter's API, without the simulator that runs beside it. */
    @Test
    void publishesAnOpenApiDocumentOfEveryEndpointOfItsApi() {
        var response = new AdapterHttp(port, null).get(ApiDocumentation.PATH);

        assertThat(response.status())
                .as("GET %s without a token", ApiDocumentation.PATH)
                .isEqualTo(200);
        assertThat(response.body().path("openapi").asString()).startsWith("3.");
        assertThat(ApiDocumentation.endpointsIn(response.body()))
                .contains("POST /api/identifications", "POST /api/identifications/{orderRef}/collect")
                .containsExactlyInAnyOrderElementsOf(
                        ApiDocumentation.endpointsOf(context, List.of("/simulator", "/rp/")));
        assertThat(ApiDocumentation.requestBodiesIn(response.body()))
                .as("each operation's documented JSON body has the members its record reads")
                .isNotEmpty()
                .isEqualTo(ApiDocumentation.requestBodiesOf(context, List.of("/simulator", "/rp/")));
    }

    @Test
    void badInputIsAClearFourHundredNeverAFiveHundred() {
        var api = new AdapterHttp(port);
        var badIp = api.post("/api/identifications", Map.of("endUserIp", "not-an-ip", "sameDevice", false));
        assertThat(badIp.status()).isEqualTo(400);
        assertThat(badIp.get("code")).isEqualTo("invalid-request");
        assertThat(badIp.get("detail")).contains("endUserIp");

        var missing = api.post("/api/identifications", Map.of("endUserIp", "203.0.113.7"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.get("detail")).contains("sameDevice");

        var notJson = api.post("/api/identifications", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.get("code")).isEqualTo("invalid-request");

        var unknown = api.collect("6e0c5a8e-0000-4000-8000-000000000000");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.get("code")).isEqualTo("order-not-found");
        assertThat(api.collect("..%2F..%2Fetc").status()).isIn(400, 404);

        var badPhone = api.post(
                "/api/phone-identifications", Map.of("personalNumber", "19121212-1213", "callInitiator", "RP"));
        assertThat(badPhone.status()).isEqualTo(400);
    }

    @Test
    void startsWithAutostartLinksAndServesQrAsJsonAndSvg() {
        var api = new AdapterHttp(port);
        var started = api.post(
                "/api/identifications",
                Map.of(
                        "endUserIp", "203.0.113.7",
                        "sameDevice", true,
                        "userVisibleData", "Logga in på Mina sidor",
                        "returnUrl", "https://minasidor.teknikivast.se/auth/bankid?n=1"));
        assertThat(started.status()).isEqualTo(201);
        var token = started.get("autoStartToken");
        assertThat(started.body().get("launchUrls").get("mobile").asString())
                // The order's returnUrl brings the customer back; the link itself never carries it (its nonce).
                .isEqualTo("https://app.bankid.com/?autostarttoken=" + token + "&redirect=null");
        assertThat(started.body().get("launchUrls").get("desktop").asString())
                .isEqualTo("bankid:///?autostarttoken=" + token + "&redirect=null");
        assertThat(started.text()).doesNotContain("qrStartSecret").doesNotContain("qrStartToken");

        var orderRef = started.get("orderRef");
        assertThat(api.qr(orderRef).get("qrData")).matches("bankid\\.[0-9a-f-]{36}\\.\\d+\\.[0-9a-f]{64}");
        var svg = api.get("/api/identifications/" + orderRef + "/qr.svg");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.raw().headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(svg.text()).startsWith("<svg");
    }

    @Test
    void testerPageListsPendingOrdersWithoutInlineScript() {
        var api = new AdapterHttp(port);
        var orderRef = api.start(false).get("orderRef");
        var page = new AdapterHttp(port, null).get("/simulator");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text())
                .contains(orderRef.substring(0, 8))
                .contains("Tolvan Tolvansson")
                .contains("name=\"_csrf\"")
                .doesNotContain("<script")
                .doesNotContain("onclick");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'");
    }
}
