package se.teknikivast.minasidor.auth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.auth.Browser;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.auth.LocalClients;
import se.teknikivast.minasidor.auth.OidcLogin;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/**
 * Issue 16, finding 6: a team's client secret is of no use on the public origin. Requests are made the way the
 * gateway forwards them (it always sets X-Forwarded-For/-Host/-Proto/-Port, replacing what the client sent; this
 * test's loopback is a trusted proxy, as the local stack's gateway is), and the way a team calls auth-service
 * directly. system-tests' ServiceTokenIntegrationTests plays the same through the real gateway.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithRedis
@ExtendWith(OutputCaptureExtension.class)
class InternalClientsIntegrationTests {

    static final FakeCustomerService customerService = FakeCustomerService.start();

    /** What the gateway adds to every request it forwards (routing/ForwardedHeadersFilter). */
    static final Map<String, String> THROUGH_THE_GATEWAY = Map.of(
            "X-Forwarded-For", "203.0.113.7",
            "X-Forwarded-Host", "localhost:8080",
            "X-Forwarded-Proto", "http",
            "X-Forwarded-Port", "8080");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minasidor.customer-service.base-url", customerService::baseUrl);
        registry.add("minasidor.authorizations.key-prefix", () -> TestInfrastructure.uniqueName("internal"));
        registry.add("spring.session.redis.namespace", () -> TestInfrastructure.uniqueName("session"));
    }

    @AfterAll
    static void stopCustomerService() {
        customerService.close();
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void aTeamsSecretThroughTheGatewayGetsNoTokenButAClearOAuthError(CapturedOutput output) {
        int before = output.length();
        var refused = post(
                "/auth/oauth2/token",
                "kundservice",
                LocalClients.KUNDSERVICE_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.admin"),
                THROUGH_THE_GATEWAY);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(OidcLogin.json(refused.body()).get("error").asString()).isEqualTo("unauthorized_client");
        assertThat(refused.body()).doesNotContain("access_token");
        // Other threads (the shared context's Kafka consumer, another test class's context shutting down) may log at
        // any time, stack traces included; only the refusal's own lines, and the line right after each, are its own.
        var lines = output.toString().substring(before).lines().toList();
        var refusal = new ArrayList<String>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("InternalClientsOnly")) {
                refusal.add(lines.get(i));
                if (i + 1 < lines.size()) {
                    assertThat(lines.get(i + 1))
                            .as("no stack trace after the refusal")
                            .doesNotStartWith("\tat ");
                }
            }
        }
        assertThat(refusal).isNotEmpty().allSatisfy(line -> assertThat(line).contains(" INFO "));
    }

    @Test
    void throughTheGatewayARightSecretAndAWrongOneGetTheSameAnswer() {
        var right = post(
                "/auth/oauth2/token",
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials"),
                THROUGH_THE_GATEWAY);
        var wrong = post(
                "/auth/oauth2/token",
                "example-team",
                "not-the-secret",
                Map.of("grant_type", "client_credentials"),
                THROUGH_THE_GATEWAY);

        assertThat(right.statusCode()).isEqualTo(400);
        assertThat(wrong.statusCode()).isEqualTo(right.statusCode());
        assertThat(wrong.body()).isEqualTo(right.body());
    }

    @Test
    void aCustomerOnTheGatewaysOwnMachineIsNoInternalCaller() {
        // The local stack: browser, gateway and auth-service all on 127.0.0.1.
        var refused = post(
                "/auth/oauth2/token",
                "drift",
                LocalClients.DRIFT_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "notifications.admin"),
                Map.of("X-Forwarded-For", "127.0.0.1", "X-Forwarded-Host", "localhost:8080"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("unauthorized_client");
    }

    @Test
    void anOutsideAddressFromATrustedProxyIsRefusedEvenWithoutTheOtherHeaders() {
        // Tomcat takes X-Forwarded-For from the trusted proxy and removes it: the address left is the client's.
        var refused = post(
                "/auth/oauth2/token",
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials"),
                Map.of("X-Forwarded-For", "203.0.113.7"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("unauthorized_client");
    }

    @Test
    void introspectionThroughTheGatewayIsRefusedToo() {
        var refused = post(
                "/auth/oauth2/introspect",
                "kundservice",
                LocalClients.KUNDSERVICE_SECRET,
                Map.of("token", "anything"),
                THROUGH_THE_GATEWAY);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("unauthorized_client");
    }

    @Test
    void aTeamCallingAuthServiceDirectlyGetsItsToken() {
        var granted = post(
                "/auth/oauth2/token",
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.read"),
                Map.of());

        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(OidcLogin.json(granted.body()).get("access_token").asString())
                .isNotBlank();
    }

    @Test
    void theGatewaysOwnClientIsServedThroughProxyHeaders() {
        // The BFF's client is no internal client: its requests are judged on the grant (here an unknown code).
        var answer = post(
                "/auth/oauth2/token",
                LocalClients.GATEWAY,
                LocalClients.GATEWAY_SECRET,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        "unknown",
                        "redirect_uri",
                        LocalClients.GATEWAY_REDIRECT,
                        "code_verifier",
                        "x".repeat(43)),
                THROUGH_THE_GATEWAY);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(OidcLogin.json(answer.body()).get("error").asString()).isEqualTo("invalid_grant");
    }

    HttpResponse<String> post(
            String path, String client, String secret, Map<String, String> form, Map<String, String> headers) {
        var basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form)));
        headers.forEach(request::header);
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
