package se.teknikivast.minasidor.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import se.teknikivast.minasidor.auth.server.PrincipalAuthorizations;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithRedis
class AuthorizationServerIntegrationTests {

    static final FakeCustomerService customerService = FakeCustomerService.start();
    static final String AUTHZ = TestInfrastructure.uniqueName("authz");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minasidor.customer-service.base-url", customerService::baseUrl);
        registry.add("minasidor.demo.credentials-file", () -> "src/test/resources/demo-credentials.jsonl");
        registry.add("minasidor.authorizations.key-prefix", () -> AUTHZ);
        registry.add("spring.session.redis.namespace", () -> TestInfrastructure.uniqueName("session"));
    }

    @AfterAll
    static void stopCustomerService() {
        customerService.close();
    }

    @Value("${local.server.port}")
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    PrincipalAuthorizations authorizations;

    String base() {
        return "http://localhost:" + port;
    }

    NimbusJwtDecoder decoder() {
        return NimbusJwtDecoder.withJwkSetUri(base() + "/auth/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
    }

    @Test
    void companyLogsInWithOrganisationNumberThroughAuthorizationCodeWithPkce() {
        var login = new OidcLogin();
        login.startAt(base());
        var sessionBefore = login.browser().cookie("MINASIDOR_AUTH_SESSION");

        var saved = login.logIn(base(), "16556677-8899", "kraftledning-i-vast-2026");
        assertThat(saved).contains("/auth/oauth2/authorize");
        assertThat(login.browser().cookie("MINASIDOR_AUTH_SESSION"))
                .as("a new session id at login")
                .isNotEqualTo(sessionBefore);

        var tokens = login.exchange(base(), login.code(base(), saved));
        var access = decoder().decode(tokens.get("access_token").asString());
        assertThat(access.getSubject()).isEqualTo("100003");
        assertThat(access.getIssuer()).hasToString("http://localhost:8080/auth");
        assertThat(access.getClaimAsStringList("amr")).containsExactly("pwd");
        assertThat(access.getClaimAsString("customer_type")).isEqualTo("COMPANY");
        // Issue 15: for customer-service's /api/** (scope customer), and no other service.
        assertThat(access.getAudience()).containsExactly("customer-service");
        assertThat(access.getClaimAsStringList("scope")).contains("customer");
        assertThat(access.getClaims()).doesNotContainKeys("name", "email", "identityNumber");
        assertThat(access.getExpiresAt()).isBeforeOrEqualTo(access.getIssuedAt().plusSeconds(300));

        var id = decoder().decode(tokens.get("id_token").asString());
        assertThat(id.getClaimAsString("name")).isEqualTo("Västkustens Kraft AB");
        assertThat(id.getClaimAsString("nonce")).isEqualTo(login.nonce());

        var userInfo = RestClient.create(base())
                .get()
                .uri("/auth/userinfo")
                .header("Authorization", "Bearer " + tokens.get("access_token").asString())
                .retrieve()
                .body(String.class);
        assertThat(OidcLogin.json(userInfo).get("name").asString()).isEqualTo("Västkustens Kraft AB");
        assertThat(OidcLogin.json(userInfo).get("sub").asString()).isEqualTo("100003");

        // Refresh tokens rotate: the new one works, the old one is spent.
        var oldRefresh = tokens.get("refresh_token").asString();
        var refreshed =
                OidcLogin.tokenRequest(base(), Map.of("grant_type", "refresh_token", "refresh_token", oldRefresh));
        assertThat(refreshed.get("refresh_token").asString()).isNotEqualTo(oldRefresh);
        assertThat(decoder().decode(refreshed.get("access_token").asString()).getSubject())
                .isEqualTo("100003");
        var replay = OidcLogin.tokenResponse(
                base(),
                LocalClients.GATEWAY,
                LocalClients.GATEWAY_SECRET,
                Map.of("grant_type", "refresh_token", "refresh_token", oldRefresh));
        assertThat(replay.statusCode()).isEqualTo(400);
    }

    @Test
    void privatePersonLogsInWithCustomerNumber() {
        var login = new OidcLogin();
        login.startAt(base());
        var saved = login.logIn(base(), " 100001 ", "elljus-over-vanern-2026");
        var tokens = login.exchange(base(), login.code(base(), saved));
        var access = decoder().decode(tokens.get("access_token").asString());
        assertThat(access.getSubject()).isEqualTo("100001");
        assertThat(access.getClaimAsString("customer_type")).isEqualTo("PRIVATE_PERSON");
        // Indexed by customer (a password change revokes them all) for as long as the refresh token lives.
        assertThat(redis.getExpire(AUTHZ + ":authz-principal:100001")).isGreaterThan(7 * 3600L);
    }

    @Test
    void unknownCustomerAndWrongPasswordLookTheSame() {
        var unknown = new Browser().logIn(base() + "/auth/login", "999999", "kraftledning-i-vast-2026");
        var wrong = new Browser().logIn(base() + "/auth/login", "100004", "not-the-password-at-all");
        var unknownCompany = new Browser().logIn(base() + "/auth/login", "16559012-3450", "whatever-password");

        for (var response : List.of(unknown, wrong, unknownCompany)) {
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(Browser.location(response)).isEqualTo(Browser.location(unknown));
            assertThat(response.body()).isEqualTo(unknown.body());
        }
        assertThat(Browser.location(unknown)).endsWith("/auth/login?fel=fel");

        var page = new Browser().get(base() + "/auth/login?fel=fel");
        assertThat(page.body()).contains("Fel kundnummer/organisationsnummer eller lösenord");
    }

    @Test
    void organisationNumberWithout16GetsAHint() {
        var browser = new Browser();
        var response = browser.logIn(base() + "/auth/login", "556677-8899", "kraftledning-i-vast-2026");
        assertThat(Browser.location(response)).endsWith("/auth/login?fel=org16");
        var page = browser.get(Browser.location(response));
        assertThat(page.body()).contains("Skriv 16 före organisationsnumret").contains("value=\"556677-8899\"");
    }

    @Test
    void personalNumberGetsABankIdHintAndIsNotEchoed() {
        var browser = new Browser();
        var response = browser.logIn(base() + "/auth/login", "19121212-1212", "elljus-over-vanern-2026");
        assertThat(Browser.location(response)).endsWith("/auth/login?fel=personnummer");
        var page = browser.get(Browser.location(response));
        assertThat(page.body()).contains("Mobilt BankID").doesNotContain("19121212-1212");
    }

    @Test
    void loginPageSpeaksSwedishByDefaultAndEnglishOnRequest() {
        var swedish = new Browser().get(base() + "/auth/login");
        assertThat(swedish.statusCode()).isEqualTo(200);
        assertThat(swedish.body())
                .contains("<html lang=\"sv\"")
                .contains("Mobilt BankID")
                .contains("Användarnamn")
                .contains("Logga in")
                .contains("Ny kund eller har du glömt ditt lösenord? Klicka här")
                .contains("href=\"/auth/registrering\"")
                .contains("aria-live=\"polite\"")
                .contains("<label for=\"username\"")
                .doesNotContain("Internet explorer")
                .doesNotContain("<script>");
        assertThat(swedish.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'");

        var english = new Browser().get(base() + "/auth/login?lang=en");
        assertThat(english.body()).contains("<html lang=\"en\"").contains("Customer number or organisation number");

        var registration = new Browser().get(base() + "/auth/registrering");
        assertThat(registration.statusCode()).isEqualTo(200);
    }

    @Test
    void internetExplorerSeesTheNotice() {
        var page = new Browser()
                .userAgent("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko")
                .get(base() + "/auth/login");
        assertThat(page.body())
                .contains(
                        "OBS! Mina sidor har tyvärr inte fullt stöd för Internet explorer - kolla därför att du använder en annan webbläsare.");
    }

    @Test
    void clientCredentialsGetExactlyTheirScopes() {
        var granted = OidcLogin.tokenResponse(
                base(),
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.read"));
        assertThat(granted.statusCode()).isEqualTo(200);
        var token = decoder()
                .decode(OidcLogin.json(granted.body()).get("access_token").asString());
        assertThat(token.getSubject()).isEqualTo("example-team");
        assertThat(token.getClaimAsStringList("scope")).containsExactly("customers.read");
        assertThat(token.getAudience()).containsExactly("customer-service");
        // Machine tokens are not indexed by principal: nothing to revoke on a password change, and no ever-growing set.
        assertThat(redis.hasKey(AUTHZ + ":authz-principal:example-team")).isFalse();

        var refused = OidcLogin.tokenResponse(
                base(),
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.admin"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_scope");

        var all = OidcLogin.tokenResponse(
                base(),
                "kundservice",
                LocalClients.KUNDSERVICE_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.read customers.admin"));
        assertThat(decoder()
                        .decode(OidcLogin.json(all.body()).get("access_token").asString())
                        .getClaimAsStringList("scope"))
                .containsExactlyInAnyOrder("customers.read", "customers.admin");

        var wrongSecret = OidcLogin.tokenResponse(
                base(), "kundservice", LocalClients.EXAMPLE_TEAM_SECRET, Map.of("grant_type", "client_credentials"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
    }

    /** Issue 15: a token names exactly the services its scopes are for, and each service checks that it is named. */
    @Test
    void accessTokensNameTheServicesTheirScopesAreFor() {
        var operations = OidcLogin.tokenResponse(
                base(),
                "drift",
                LocalClients.DRIFT_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "notifications.admin"));
        assertThat(operations.statusCode()).as(operations.body()).isEqualTo(200);
        var token = decoder()
                .decode(OidcLogin.json(operations.body()).get("access_token").asString());
        assertThat(token.getAudience()).containsExactly("notification-service");

        var both = OidcLogin.tokenResponse(
                base(),
                "auth-service",
                LocalClients.AUTH_SERVICE_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.read bankid"));
        assertThat(decoder()
                        .decode(OidcLogin.json(both.body()).get("access_token").asString())
                        .getAudience())
                .containsExactlyInAnyOrder("customer-service", "bankid-adapter");

        // A customer scope is the gateway's alone: no team can ask for it.
        var customerScope = OidcLogin.tokenResponse(
                base(),
                "kundservice",
                LocalClients.KUNDSERVICE_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customer"));
        assertThat(customerScope.statusCode()).isEqualTo(400);
        assertThat(customerScope.body()).contains("invalid_scope");
    }

    @Test
    void clientCredentialsTokensAreNotStoredYetIntrospectAndCannotBeRevoked() {
        var keysBefore = redis.keys(AUTHZ + ":*");
        var granted = OidcLogin.tokenResponse(
                base(),
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.read"));
        var token = OidcLogin.json(granted.body()).get("access_token").asString();
        assertThat(redis.keys(AUTHZ + ":*")).as("nothing stored for the grant").isEqualTo(keysBefore);

        var introspected = introspect(token);
        assertThat(introspected.get("active").asBoolean()).isTrue();
        assertThat(introspected.get("sub").asString()).isEqualTo("example-team");
        assertThat(introspected.get("client_id").asString()).isEqualTo("example-team");
        assertThat(introspected.get("scope").asString()).isEqualTo("customers.read");
        var tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(introspect(tampered).get("active").asBoolean()).isFalse();

        var byAnotherClient = revoke("kundservice", LocalClients.KUNDSERVICE_SECRET, token);
        assertThat(byAnotherClient.statusCode()).isBetween(400, 401);
        assertThat(byAnotherClient.body()).contains("invalid_client");
        var byItsClient = revoke("example-team", LocalClients.EXAMPLE_TEAM_SECRET, token);
        assertThat(byItsClient.statusCode()).isEqualTo(400);
        assertThat(byItsClient.body()).contains("unsupported_token_type");
        assertThat(introspect(token).get("active").asBoolean())
                .as("valid until it expires")
                .isTrue();
    }

    @Test
    void aCustomersTokenIntrospectsOnlyWhileItsAuthorizationIsStored() {
        var login = new OidcLogin();
        login.startAt(base());
        var saved = login.logIn(base(), "100004", "sommarstuga-vid-sjon-2026");
        var token = login.exchange(base(), login.code(base(), saved))
                .get("access_token")
                .asString();
        assertThat(introspect(token).get("sub").asString()).isEqualTo("100004");

        assertThat(authorizations.revokeAll("100004")).isPositive();
        assertThat(introspect(token).get("active").asBoolean())
                .as("not rebuilt from the token like a client's")
                .isFalse();
    }

    JsonNode introspect(String token) {
        return OidcLogin.json(
                protocolPost("/auth/oauth2/introspect", "kundservice", LocalClients.KUNDSERVICE_SECRET, token)
                        .body());
    }

    HttpResponse<String> revoke(String client, String secret, String token) {
        return protocolPost("/auth/oauth2/revoke", client, secret, token);
    }

    HttpResponse<String> protocolPost(String path, String client, String secret, String token) {
        var basic = java.util.Base64.getEncoder()
                .encodeToString((client + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void publishesDiscoveryWithThePublicIssuerAndEs256Keys() {
        var discovery = OidcLogin.json(RestClient.create(base())
                .get()
                .uri("/auth/.well-known/openid-configuration")
                .retrieve()
                .body(String.class));
        assertThat(discovery.get("issuer").asString()).isEqualTo("http://localhost:8080/auth");
        assertThat(discovery.get("end_session_endpoint").asString())
                .isEqualTo("http://localhost:8080/auth/connect/logout");
        assertThat(discovery.get("id_token_signing_alg_values_supported").toString())
                .isEqualTo("[\"ES256\"]");
        var jwks = RestClient.create(base())
                .get()
                .uri("/auth/oauth2/jwks")
                .retrieve()
                .body(String.class);
        assertThat(jwks).contains("\"kty\":\"EC\"").doesNotContain("\"d\":");
    }

    @Test
    void aForgedTokenIsRejected() {
        var granted = OidcLogin.tokenResponse(
                base(), "example-team", LocalClients.EXAMPLE_TEAM_SECRET, Map.of("grant_type", "client_credentials"));
        var token = OidcLogin.json(granted.body()).get("access_token").asString();
        var tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder().decode(tampered))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void isReadyAndCountsLoginsInPrometheusOnTheManagementPortOnly() {
        new Browser().logIn(base() + "/auth/login", "100001", "elljus-over-vanern-2026");
        assertThat(send("GET", "/auth/actuator/prometheus", "text/plain").statusCode())
                .as("/auth/actuator/prometheus on the public port")
                .isGreaterThanOrEqualTo(400);
        // Outside the servlet context path: the management port has its own, "/".
        var client = RestClient.create("http://localhost:" + managementPort);
        assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class))
                .contains("\"status\":\"UP\"");
        var metrics = client.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics)
                .contains("application=\"auth-service\"")
                .containsPattern("minasidor_logins_total\\{[^}]*method=\"pwd\"[^}]*outcome=\"success\"");
        assertThat(customerService.unauthenticatedCalls()).isZero();
    }

    HttpResponse<String> send(String method, String path, String accept) {
        var request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /auth/bankid/status     | 403 | forbidden
            POST | /auth/bankid/start      | 403 | forbidden
            GET  | /auth/bankid/start      | 405 | method-not-allowed
            GET  | /auth/bankid/qr         | 404 | no-bankid-order
            GET  | /auth/bankid/finns-inte | 404 | not-found
            """)
    void ownJsonEndpointsAnswerBadRequestsWithProblemDetails(String method, String path, int status, String code) {
        // The page script asks for JSON; a browser's HTML Accept header must not turn these into pages either.
        for (var accept : List.of("application/json", "text/html,application/xhtml+xml,*/*;q=0.8")) {
            var response = send(method, path, accept);
            assertThat(response.statusCode()).as(accept).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            var problem = OidcLogin.json(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("code").asString()).isEqualTo(code);
            assertThat(problem.get("type").asString()).isEqualTo("https://teknikivast.se/problems/" + code);
            assertThat(response.body()).doesNotContain("trace").doesNotContain("Exception");
        }
    }

    @Test
    void browsersGetAnErrorPageNotWhitelabelAndOAuth2ErrorsStayRfc6749() {
        var page = send("GET", "/auth/registrering/finns-inte", "text/html");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body())
                .contains("Sidan finns inte")
                .contains("0570-822 00")
                .doesNotContain("Whitelabel");
        var machine = send("GET", "/auth/registrering/finns-inte", "*/*");
        assertThat(machine.statusCode()).isEqualTo(404);
        assertThat(machine.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

        var token = OidcLogin.tokenResponse(
                base(), "example-team", LocalClients.EXAMPLE_TEAM_SECRET, Map.of("grant_type", "nonsense"));
        assertThat(token.statusCode()).isEqualTo(400);
        assertThat(token.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(OidcLogin.json(token.body()).get("error").asString()).isEqualTo("unsupported_grant_type");
    }
}
