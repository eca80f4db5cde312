package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The next person at a shared computer, and whoever copied a login's cookies or tokens, after the customer pressed
 * "Logga ut" (issue 15 findings 1 and 2). The logout is a plain form post, as from a browser that runs no script:
 * nothing of the login may work afterwards.
 */
@ExtendWith(RunningSystem.class)
class LogoutAttackIntegrationTests {

    private static final String AUTH_SERVICE = "http://localhost:9000";
    // The local stack's demo secret of the gateway client (gateway application-local.yml).
    private static final String GATEWAY_CLIENT = "mina-sidor-gateway";
    private static final String GATEWAY_SECRET = "neqE2tWyi-IryhVwetaqhvvB7Dr2Bis3BMFilZtV_dc";
    private static final String AUTHORIZED_CLIENTS =
            "sessionAttr:org.springframework.security.oauth2.client.web.server."
                    + "WebSessionServerOAuth2AuthorizedClientRepository.AUTHORIZED_CLIENTS";
    /**
     * auth-service's refresh tokens: 96 random bytes, base64url, 128 characters; in Java serialization a string of
     * that length follows its two length bytes (0x00 0x80).
     */
    private static final Pattern REFRESH_TOKEN = Pattern.compile("\\x00\\x80([\\w-]{128})");
    /** The access token: an ES256 JWT (a 64-byte signature, 86 characters). */
    private static final Pattern ACCESS_TOKEN = Pattern.compile("eyJ[\\w-]+\\.eyJ[\\w-]+\\.[\\w-]{86}");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void after_logout_without_script_neither_the_browser_nor_its_copied_cookies_get_back_in() {
        var customer = loggedIn();
        var cookies = customer.cookies();
        assertThat(customer.get("/api/customers/me", "application/json").statusCode())
                .isEqualTo(200);

        var logout = customer.followRedirects(customer.post("/logout", Map.of()));
        assertThat(logout.statusCode()).isEqualTo(200);

        // The next person at the same computer: "Logga in igen" asks for a password (or BankID).
        var next = customer.open("/");
        assertThat(next.uri().getPath()).as(FormClient.mainText(next.body())).isEqualTo("/auth/login");
        assertThat(customer.get("/api/customers/me", "application/json").statusCode())
                .isEqualTo(401);

        // Someone who copied every cookie before the logout (the gateway's and auth-service's).
        var copy = FormClient.throughGatewayWith(cookies);
        assertThat(copy.get("/api/customers/me", "application/json").statusCode())
                .isEqualTo(401);
        var copied = copy.open("/");
        assertThat(copied.uri().getPath())
                .as(FormClient.mainText(copied.body()))
                .isEqualTo("/auth/login");

        // A plain page: nothing left for a script to do.
        assertThat(FormClient.mainText(logout.body())).contains("Du är nu utloggad");
        assertThat(logout.body()).doesNotContain("<script").doesNotContain("id_token_hint");
    }

    @Test
    void after_logout_the_logins_refresh_and_access_tokens_are_refused_by_auth_service() throws Exception {
        var customer = loggedIn();
        var session = customer.cookies().entrySet().stream()
                .filter(cookie -> cookie.getKey().endsWith("MINASIDOR_SESSION"))
                .findFirst()
                .orElseThrow()
                .getValue();
        var stored = RedisPeek.hget("minasidor:gateway:session:sessions:" + session, AUTHORIZED_CLIENTS);
        assertThat(stored).as("the login's tokens in the gateway session").isNotNull();
        var text = new String(stored, StandardCharsets.ISO_8859_1);
        var refreshToken =
                REFRESH_TOKEN.matcher(text).results().findFirst().orElseThrow().group(1);
        var accessToken =
                ACCESS_TOKEN.matcher(text).results().findFirst().orElseThrow().group();

        assertThat(customer.post("/logout", Map.of()).statusCode()).isIn(200, 302, 303);

        var refreshed =
                post(AUTH_SERVICE + "/auth/oauth2/token", "grant_type=refresh_token&refresh_token=" + refreshToken);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(400);
        assertThat(refreshed.body()).contains("invalid_grant");

        var userinfo = HTTP.send(
                HttpRequest.newBuilder(URI.create(AUTH_SERVICE + "/auth/userinfo"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + accessToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(userinfo.statusCode()).isEqualTo(401);
    }

    /** Customer 100003 (Västkustens Kraft AB) logged in with the password, on Mina sidor with its logout form. */
    private static FormClient loggedIn() {
        var customer = FormClient.throughGateway();
        assertThat(customer.open("/").uri().getPath()).isEqualTo("/auth/login");
        var start = customer.followRedirects(customer.post(
                "/auth/login", Map.of("username", "16556677-8899", "password", "kraftledning-i-vast-2026")));
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(FormClient.mainText(start.body())).contains("Västkustens Kraft AB");
        assertThat(start.body()).contains("action=\"/logout\"");
        return customer;
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        var basic = Base64.getEncoder()
                .encodeToString((GATEWAY_CLIENT + ":" + GATEWAY_SECRET).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
