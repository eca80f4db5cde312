package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.gateway.Browser.location;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * The BFF login through real gateway instances sharing one Redis: OIDC with PKCE against a stand-in
 * auth-service, the start page from a stand-in customer-service, the session on a second instance, logout.
 */
class LoginSessionIntegrationTests {

    private static final Pattern HIDDEN = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]*)\"");

    static FakeAuthorizationServer auth;
    static FakeBackend customerService;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static int firstPort;
    static String firstUri;
    static String secondUri;

    @BeforeAll
    static void start() {
        start(Map.of());
    }

    /** Two instances with the given properties on top of the stand-ins' (see {@link LoginSessionJsonIntegrationTests}). */
    static void start(Map<String, String> extra) {
        auth = new FakeAuthorizationServer();
        customerService = new FakeBackend().on("/api/customers/me", exchange -> {
            var authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!authorization.startsWith("Bearer ") || !auth.isValidAccessToken(authorization.substring(7))) {
                FakeBackend.respond(exchange, 401, "application/problem+json", "{\"code\":\"unauthorized\"}");
                return;
            }
            FakeBackend.respond(exchange, 200, "application/json", """
                    {"customerNumber":"100003","type":"COMPANY","name":"Västkustens Kraft AB",\
                    "maskedEmail":"e***@example.se"}""");
        });
        firstPort = Gateways.freePort();
        int secondPort = Gateways.freePort();
        firstUri = "http://localhost:" + firstPort;
        secondUri = "http://localhost:" + secondPort;
        var issuer = firstUri + "/auth";
        auth.issuer(issuer);
        var properties = new java.util.HashMap<>(extra);
        properties.putAll(Map.of(
                "MINASIDOR_AUTH_SERVICE_URI", auth.baseUri(),
                "MINASIDOR_CUSTOMER_SERVICE_URI", customerService.baseUri(),
                "MINASIDOR_ISSUER", issuer,
                "MINASIDOR_GATEWAY_CLIENT_SECRET", FakeAuthorizationServer.CLIENT_SECRET,
                "MINASIDOR_JWKS_URI", auth.baseUri() + "/auth/oauth2/jwks",
                "spring.session.data.redis.namespace", TestInfrastructure.uniqueName("session"),
                "minasidor.gateway.rate-limit.key-prefix", TestInfrastructure.uniqueName("rate")));
        first = Gateways.start(firstPort, properties);
        second = Gateways.start(secondPort, properties);
    }

    @AfterAll
    static void stop() {
        if (second != null) second.close();
        if (first != null) first.close();
        customerService.close();
        auth.close();
    }

    @Test
    void sendsAnUnauthenticatedVisitorToTheLoginWithPkce() {
        var browser = new Browser();

        var start = browser.get(firstUri + "/");
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(location(start)).isEqualTo("/oauth2/authorization/mina-sidor");

        var authorization = browser.get(firstUri + location(start));
        assertThat(authorization.statusCode()).isEqualTo(302);
        assertThat(location(authorization))
                .startsWith(firstUri + "/auth/oauth2/authorize?")
                .contains("client_id=mina-sidor-gateway")
                .contains("code_challenge_method=S256")
                .contains("code_challenge=")
                .contains("nonce=")
                .contains("scope=openid%20profile");
    }

    @Test
    void showsTheStartPageAfterLogin() {
        var browser = new Browser();

        var page = logIn(browser, firstUri);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Mina sidor")
                .contains("Västkustens Kraft AB")
                .contains("100003")
                .contains("Företag")
                .contains("e***@example.se")
                .contains("Kundnummer och lösenord")
                .contains("Logga ut");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
    }

    @Test
    void givesANewSessionIdAtLoginAndAHttpOnlyLaxCookie() {
        var browser = new Browser();
        var start = browser.get(firstUri + "/");
        var authorization = browser.get(firstUri + location(start));
        var cookie = java.util.stream.Stream.concat(
                        start.headers().allValues("Set-Cookie").stream(),
                        authorization.headers().allValues("Set-Cookie").stream())
                .filter(value -> value.startsWith("__Host-MINASIDOR_SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
        var before = browser.cookie("__Host-MINASIDOR_SESSION");

        var afterLogin = browser.get(location(browser.get(location(authorization))));
        assertThat(afterLogin.statusCode()).isEqualTo(302);

        assertThat(browser.cookie("__Host-MINASIDOR_SESSION")).isNotNull().isNotEqualTo(before);
    }

    @Test
    void keepsTheSessionOnAnotherGatewayInstance() {
        var browser = new Browser();
        logIn(browser, firstUri);

        var page = browser.get(secondUri + "/mina-sidor");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Västkustens Kraft AB");

        // The API route relays the access token kept in the (shared) session.
        var me = browser.get(secondUri + "/api/customers/me", "Accept", "application/json");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"customerNumber\":\"100003\"");
    }

    @Test
    void forwardsTheClientAndPublicHostToAuthServiceButNotTheSessionCookie() {
        var browser = new Browser();
        var start = browser.get(firstUri + "/");
        var authorization = browser.get(firstUri + location(start));

        var authorize = browser.get(location(authorization), "X-Forwarded-For", "203.0.113.9");

        assertThat(authorize.statusCode()).isEqualTo(302);
        var headers = auth.authorizeRequests.getLast();
        assertThat(headers.getFirst("Host")).isEqualTo("localhost:" + firstPort);
        assertThat(headers.getFirst("X-Forwarded-Host")).isEqualTo("localhost:" + firstPort);
        assertThat(headers.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        // The visitor's own X-Forwarded-For is not believed: it connected directly, not through a trusted proxy.
        assertThat(headers.getFirst("X-Forwarded-For")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(String.valueOf(headers.getFirst("Cookie"))).doesNotContain("__Host-MINASIDOR_SESSION");
    }

    @Test
    void logsOutOfTheGatewayAndAuthServiceOnTheServerAndAnswersWithAPlainPage() {
        var browser = new Browser();
        var page = logIn(browser, firstUri);
        var refreshToken = auth.lastRefreshToken();
        var accessToken = auth.lastAccessToken();
        var csrf = hiddenFields(page.body());
        assertThat(csrf).containsKey("_csrf");

        assertThat(browser.post(firstUri + "/logout", Map.of()).statusCode()).isEqualTo(403);

        var logout = browser.post(firstUri + "/logout", csrf);
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(location(logout)).isEqualTo("/utloggad");
        // Before the answer, not left to the browser: both tokens revoked, the login ended at auth-service.
        assertThat(auth.revokedTokens).containsSubsequence(refreshToken, accessToken);
        assertThat(auth.endedLogins).contains(refreshToken);
        assertThat(auth.isValidRefreshToken(refreshToken)).isFalse();
        // auth-service's session cookie is dropped in the browser as well.
        assertThat(logout.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie)
                        .startsWith("MINASIDOR_AUTH_SESSION=;")
                        .contains("Path=/auth/")
                        .contains("Max-Age=0"));

        var loggedOut = browser.get(firstUri + location(logout));
        assertThat(loggedOut.statusCode()).isEqualTo(200);
        assertThat(loggedOut.body())
                .contains("Du är nu utloggad")
                .contains("href=\"/\"")
                .doesNotContain("<script");

        var again = browser.get(firstUri + "/");
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(location(again)).isEqualTo("/oauth2/authorization/mina-sidor");
        assertThat(browser.get(secondUri + "/mina-sidor").statusCode()).isEqualTo(302);
    }

    @Test
    void answersAnApiCallWithoutLoginWith401Problem() {
        var response = new Browser().get(firstUri + "/api/customers/me", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"not-logged-in\"").contains("Du är inte inloggad");
    }

    /** Walks the whole redirect dance: gateway, authorization endpoint (via the gateway), callback, start page. */
    static HttpResponse<String> logIn(Browser browser, String gateway) {
        var start = browser.get(gateway + "/");
        var authorization = browser.get(gateway + location(start));
        var callback = browser.get(location(authorization));
        assertThat(callback.statusCode()).isEqualTo(302);
        var afterLogin = browser.get(location(callback));
        assertThat(afterLogin.statusCode())
                .as("callback %s", location(callback))
                .isEqualTo(302);
        return browser.get(afterLogin.uri().resolve(location(afterLogin)).toString());
    }

    static Map<String, String> hiddenFields(String html) {
        var fields = new java.util.HashMap<String, String>();
        var matcher = HIDDEN.matcher(html);
        while (matcher.find()) {
            fields.put(matcher.group(1), org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(2)));
        }
        return fields;
    }
}
