package se.teknikivast.minasidor.auth.logout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.auth.LocalClients;
import se.teknikivast.minasidor.auth.OidcLogin;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;
import tools.jackson.databind.JsonNode;

/**
 * The back channel of "Logga ut" (issue 15 findings 1 and 2): the gateway, as its client, ends one login; afterwards
 * the browser that logged in meets the login page again and the login's refresh token is refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithRedis
class ClientLogoutIntegrationTests {

    static final FakeCustomerService customerService = FakeCustomerService.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minasidor.customer-service.base-url", customerService::baseUrl);
        registry.add("minasidor.demo.credentials-file", () -> "src/test/resources/demo-credentials.jsonl");
        registry.add("minasidor.authorizations.key-prefix", () -> TestInfrastructure.uniqueName("authz"));
        registry.add("spring.session.redis.namespace", () -> TestInfrastructure.uniqueName("session"));
    }

    @AfterAll
    static void stopCustomerService() {
        customerService.close();
    }

    @Value("${local.server.port}")
    int port;

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void theGatewayEndsTheLoginSoTheBrowserMustLogInAgainAndTheRefreshTokenIsRefused() {
        var login = new OidcLogin();
        var tokens = logIn(login);
        var refreshToken = tokens.get("refresh_token").asString();

        var ended = logout(LocalClients.GATEWAY, LocalClients.GATEWAY_SECRET, "token=" + refreshToken);
        assertThat(ended.statusCode()).isEqualTo(204);

        // The same browser, auth-service's session cookie and all: the login page, not a code.
        login.startAt(base());
        var refreshed = OidcLogin.tokenResponse(
                base(),
                LocalClients.GATEWAY,
                LocalClients.GATEWAY_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(refreshed.body()).contains("invalid_grant");
        var userInfo = get("/auth/userinfo", tokens.get("access_token").asString());
        assertThat(userInfo.statusCode()).isEqualTo(401);

        // The gateway's outbox may send it again: nothing left is no error.
        assertThat(logout(LocalClients.GATEWAY, LocalClients.GATEWAY_SECRET, "token=" + refreshToken)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void theAccessTokenNamesTheLoginAsWell() {
        var login = new OidcLogin();
        var tokens = logIn(login);

        var ended = logout(
                LocalClients.GATEWAY,
                LocalClients.GATEWAY_SECRET,
                "token=" + tokens.get("access_token").asString());

        assertThat(ended.statusCode()).isEqualTo(204);
        login.startAt(base());
    }

    @Test
    void onlyTheClientThatHoldsTheLoginCanEndItAndOnlyWithItsSecret() {
        var login = new OidcLogin();
        var refreshToken = logIn(login).get("refresh_token").asString();

        assertThat(logout(null, null, "token=" + refreshToken).statusCode()).isEqualTo(401);
        assertThat(logout(LocalClients.GATEWAY, "not-the-secret", "token=" + refreshToken)
                        .statusCode())
                .isEqualTo(401);
        assertThat(logout("kundservice", LocalClients.KUNDSERVICE_SECRET, "token=" + refreshToken)
                        .statusCode())
                .isEqualTo(403);
        assertThat(logout(LocalClients.GATEWAY, LocalClients.GATEWAY_SECRET, "").statusCode())
                .isEqualTo(400);

        // Still logged in: none of the refused calls ended anything.
        var refreshed = OidcLogin.tokenResponse(
                base(),
                LocalClients.GATEWAY,
                LocalClients.GATEWAY_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        assertThat(refreshed.statusCode()).isEqualTo(200);
    }

    private JsonNode logIn(OidcLogin login) {
        login.startAt(base());
        var saved = login.logIn(base(), "16556677-8899", "kraftledning-i-vast-2026");
        return login.exchange(base(), login.code(base(), saved));
    }

    private HttpResponse<String> logout(String client, String secret, String form) {
        var request = HttpRequest.newBuilder(URI.create(base() + "/auth/internal/logout"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (client != null) {
            var basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return send(request.build());
    }

    private HttpResponse<String> get(String path, String bearer) {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + bearer)
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
