package se.teknikivast.minasidor.auth.bankid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import se.teknikivast.minasidor.auth.AuthServiceApplication;
import se.teknikivast.minasidor.auth.Browser;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.auth.OidcLogin;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * BankID login on two real auth-service instances sharing one real Redis and PostgreSQL: the order lives in the
 * Redis session, so the browser may reach either instance. bankid-adapter and customer-service are small real HTTP
 * stand-ins ({@link BankIdAdapterStandIn}, {@link FakeCustomerService}).
 */
class BankIdLoginIntegrationTests {

    static final String TOLVAN = "191212121212";
    static final String LISA = "198505052467";
    static final String NILS = "196606064589";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static final FakeCustomerService customerService = FakeCustomerService.start();
    static final BankIdAdapterStandIn adapter = BankIdAdapterStandIn.start();
    static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    static String a;
    static String b;

    @BeforeAll
    static void startTwoInstances() {
        var database = TestInfrastructure.postgres().createDatabase(TestInfrastructure.uniqueName("bankid"));
        var prefix = TestInfrastructure.uniqueName("bankid");
        instances.add(startInstance(database, prefix, customerService, adapter));
        instances.add(startInstance(database, prefix, customerService, adapter));
        a = url(instances.get(0));
        b = url(instances.get(1));
    }

    @AfterAll
    static void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        adapter.close();
        customerService.close();
    }

    /** An auth-service instance on a free port; {@code settings} are further {@code --name=value} arguments. */
    static ConfigurableApplicationContext startInstance(
            String database,
            String prefix,
            FakeCustomerService customerService,
            BankIdAdapterStandIn adapter,
            String... settings) {
        var postgres = TestInfrastructure.postgres();
        var redis = TestInfrastructure.redis();
        String[] arguments = {
            "--server.port=0",
            "--spring.datasource.url=" + database,
            "--spring.datasource.username=" + postgres.username(),
            "--spring.datasource.password=" + postgres.password(),
            "--spring.data.redis.host=" + redis.host(),
            "--spring.data.redis.port=" + redis.port(),
            "--spring.session.redis.namespace=" + prefix + ":session",
            "--minasidor.authorizations.key-prefix=" + prefix,
            "--minasidor.customer-service.base-url=" + customerService.baseUrl(),
            "--minasidor.bankid.adapter-url=" + adapter.baseUrl(),
            "--minasidor.demo.credentials-file=src/test/resources/demo-credentials.jsonl"
        };
        arguments = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(arguments), java.util.Arrays.stream(settings))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AuthServiceApplication.class).run(arguments);
    }

    static String url(ConfigurableApplicationContext instance) {
        return "http://localhost:"
                + ((WebServerApplicationContext) instance).getWebServer().getPort();
    }

    @Test
    void otherDeviceLoginStartedOnOneInstanceFinishesOnTheOther_withAmrBankid_andNoPersonalNumberAnywhere() {
        var login = new OidcLogin();
        var browser = login.browser();
        login.startAt(a);
        var page = browser.get(a + "/auth/login");
        assertThat(page.body())
                .contains("Mobilt BankID på annan enhet")
                .contains("Mobilt BankID på den här enheten")
                .contains("aria-live=\"polite\"")
                .doesNotContain("kommer snart");
        var csrf = csrf(page.body());
        var sessionBefore = browser.cookie("MINASIDOR_AUTH_SESSION");

        // The gateway (a loopback peer here, so trusted) names the browser's address in X-Forwarded-For.
        var start = post(browser, a + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), "203.0.113.7");
        assertThat(start.get("state").asString()).isEqualTo("pending");
        assertThat(start.get("message").asString()).isEqualTo("Starta BankID-appen.");
        assertThat(start.get("qr").asBoolean()).isTrue();
        var order = adapter.lastStart();
        assertThat(order.endUserIp()).isEqualTo("203.0.113.7");
        assertThat(order.sameDevice()).isFalse();
        assertThat(order.scope()).contains("bankid");

        var qr = OidcLogin.json(browser.get(b + "/auth/bankid/qr").body());
        assertThat(qr.get("qrData").asString()).startsWith("bankid." + order.orderRef() + ".");
        assertThat(qr.get("image").asString()).startsWith("data:image/svg+xml;base64,");

        var pending = post(browser, b + "/auth/bankid/status", csrf, Map.of(), null);
        assertThat(pending.get("state").asString()).isEqualTo("pending");

        adapter.complete(order.orderRef(), TOLVAN, "192.0.2.10");
        var raw = postRaw(browser, b + "/auth/bankid/status", csrf, Map.of(), null);
        assertThat(raw).doesNotContain(TOLVAN).doesNotContain("19121212");
        var done = OidcLogin.json(raw);
        assertThat(done.get("state").asString()).isEqualTo("complete");
        var saved = done.get("redirect").asString();
        assertThat(saved).contains("/auth/oauth2/authorize");
        assertThat(browser.cookie("MINASIDOR_AUTH_SESSION")).isNotEqualTo(sessionBefore);

        var tokens = login.exchange(b, login.code(a, saved));
        var decoder = NimbusJwtDecoder.withJwkSetUri(a + "/auth/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        var access = decoder.decode(tokens.get("access_token").asString());
        assertThat(access.getSubject()).isEqualTo("100001");
        assertThat(access.getClaimAsStringList("amr")).containsExactly("bankid");
        assertThat(access.getClaimAsString("customer_type")).isEqualTo("PRIVATE_PERSON");
        var id = decoder.decode(tokens.get("id_token").asString());
        assertThat(id.getClaimAsString("name")).isEqualTo("Tolvan Tolvansson");
        assertThat(tokens.toString()).doesNotContain("19121212");
        assertThat(access.getClaims().toString()).doesNotContain("19121212");
        assertThat(id.getClaims().toString()).doesNotContain("19121212");
    }

    @Test
    void thisDeviceLogin_givesTheLaunchLink_andRecordsThatTheAppWasOnTheSameAddress() {
        var login = new OidcLogin();
        var browser = login.browser();
        login.startAt(a);
        var csrf = csrf(browser.get(a + "/auth/login").body());

        var start = post(
                browser, a + "/auth/bankid/start", csrf, Map.of("enhet", "denna", "device", "desktop"), "198.51.100.4");
        assertThat(start.get("launchUrl").asString()).startsWith("bankid:///?autostarttoken=");
        assertThat(start.get("message").asString()).isEqualTo("Försöker starta BankID-appen.");
        var order = adapter.lastStart();
        assertThat(order.sameDevice()).isTrue();
        assertThat(order.device()).isEqualTo("desktop");
        assertThat(order.endUserIp()).isEqualTo("198.51.100.4");
        assertThat(order.returnUrl()).contains("/auth/login?flik=bankid#initiated=true&nonce=");
        assertThat(start.get("launchUrl").asString()).doesNotContain("nonce");

        // BankID saw the app at the browser's address (IPv4-mapped, as some proxies write it): a login.
        adapter.complete(order.orderRef(), TOLVAN, "::ffff:198.51.100.4");
        var done = post(browser, b + "/auth/bankid/status", csrf, Map.of(), null);
        assertThat(done.get("state").asString()).isEqualTo("complete");

        var metrics = scrape(instances.get(1));
        assertThat(metrics)
                .containsPattern("minasidor_bankid_ip_checks_total\\{[^}]*result=\"match\"[^}]*} [1-9]")
                .containsPattern("minasidor_logins_total\\{[^}]*method=\"bankid\"[^}]*outcome=\"success\"[^}]*} [1-9]")
                .containsPattern("minasidor_bankid_outcomes_total\\{[^}]*outcome=\"complete\"[^}]*} [1-9]")
                .doesNotContain("19121212")
                .doesNotContain(order.orderRef());
    }

    @Test
    void severalCustomerAccounts_theCustomerChoosesWhichCustomerNumber() {
        var login = new OidcLogin();
        var browser = login.browser();
        login.startAt(a);
        var csrf = csrf(browser.get(a + "/auth/login").body());
        post(browser, a + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), null);
        adapter.complete(adapter.lastStart().orderRef(), LISA, "192.0.2.11");

        var choose = post(browser, a + "/auth/bankid/status", csrf, Map.of(), null);
        assertThat(choose.get("state").asString()).isEqualTo("choose");
        assertThat(choose.get("redirect").asString()).isEqualTo("/auth/bankid/valj");
        var page = browser.get(b + "/auth/bankid/valj");
        assertThat(page.body())
                .contains("Välj kundnummer")
                .contains("100004")
                .contains("100005")
                .contains("Lisa Lindqvist (sommarstugan)")
                .doesNotContain("19850505");
        var pageCsrf = csrf(page.body());

        // A customer number that was not offered logs nobody in.
        var refused = browser.postForm(
                b + "/auth/bankid/valj", Map.of("customerNumber", "100001", "_csrf", pageCsrf), Map.of());
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(Browser.location(refused)).endsWith("/auth/bankid/valj");

        var chosen = browser.postForm(
                b + "/auth/bankid/valj", Map.of("customerNumber", "100005", "_csrf", pageCsrf), Map.of());
        assertThat(chosen.statusCode()).isEqualTo(303);
        var tokens = login.exchange(a, login.code(a, Browser.location(chosen)));
        var access = NimbusJwtDecoder.withJwkSetUri(a + "/auth/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build()
                .decode(tokens.get("access_token").asString());
        assertThat(access.getSubject()).isEqualTo("100005");
        assertThat(access.getClaimAsStringList("amr")).containsExactly("bankid");
    }

    @Test
    void noCustomerAccount_getsTheMessageAndStaysLoggedOut() {
        var browser = new Browser();
        var csrf = csrf(browser.get(a + "/auth/login").body());
        post(browser, a + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), null);
        adapter.complete(adapter.lastStart().orderRef(), NILS, "192.0.2.12");

        var status = post(browser, a + "/auth/bankid/status", csrf, Map.of(), null);
        assertThat(status.get("state").asString()).isEqualTo("failed");
        assertThat(status.get("message").asString())
                .isEqualTo("Vi hittar inget kundkonto för ditt personnummer. Logga in med kundnummer och lösenord"
                        + " eller ring kundservice på 0570-822 00.");
        assertThat(browser.get(a + "/auth/bankid/valj").statusCode()).isEqualTo(302);
    }

    @Test
    void aFailedOrderShowsTheRfaMessageInThePagesLanguage() {
        var browser = new Browser();
        var csrf = csrf(browser.get(a + "/auth/login?lang=en").body());
        var start = post(browser, a + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), null);
        assertThat(start.get("message").asString()).isEqualTo("Start your BankID app.");
        adapter.fail(adapter.lastStart().orderRef(), "userCancel", "RFA6", "Åtgärden avbröts.", "Action cancelled.");

        var status = post(browser, a + "/auth/bankid/status", csrf, Map.of(), null);
        assertThat(status.get("state").asString()).isEqualTo("failed");
        assertThat(status.get("hintCode").asString()).isEqualTo("userCancel");
        assertThat(status.get("message").asString()).isEqualTo("Action cancelled.");
    }

    @Test
    void cancelEndsTheOrderAtTheAdapter_andNeedsTheCsrfToken() {
        var browser = new Browser();
        var csrf = csrf(browser.get(a + "/auth/login").body());
        post(browser, a + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), null);
        var orderRef = adapter.lastStart().orderRef();

        assertThat(browser.postForm(a + "/auth/bankid/cancel", Map.of(), Map.of())
                        .statusCode())
                .isEqualTo(403);
        assertThat(adapter.cancelled()).doesNotContain(orderRef);

        // What the page's pagehide beacon sends: a form body with the token.
        assertThat(browser.postForm(b + "/auth/bankid/cancel", Map.of("_csrf", csrf), Map.of())
                        .statusCode())
                .isEqualTo(204);
        assertThat(adapter.cancelled()).contains(orderRef);
        assertThat(post(browser, a + "/auth/bankid/status", csrf, Map.of(), null)
                        .get("state")
                        .asString())
                .isEqualTo("none");
        assertThat(browser.get(a + "/auth/bankid/qr").statusCode()).isEqualTo(404);
    }

    @Test
    void bankIdUnavailable_theTabSaysSo_andPasswordLoginStillWorks() {
        adapter.unavailable(true);
        try {
            var login = new OidcLogin();
            var browser = login.browser();
            login.startAt(a);
            var csrf = csrf(browser.get(a + "/auth/login").body());
            var start = post(browser, a + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), null);
            assertThat(start.get("state").asString()).isEqualTo("unavailable");
            assertThat(start.get("message").asString())
                    .startsWith("BankID är tillfälligt otillgängligt.")
                    .contains("kundnummer och lösenord");

            var saved = login.logIn(a, "100001", "elljus-over-vanern-2026");
            assertThat(saved).contains("/auth/oauth2/authorize");
        } finally {
            adapter.unavailable(false);
        }
    }

    /** The instance's metrics, on its management port. */
    static String scrape(ConfigurableApplicationContext instance) {
        var managementPort = instance.getEnvironment().getRequiredProperty("local.management.port");
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://localhost:" + managementPort + "/actuator/prometheus"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String csrf(String page) {
        var matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("CSRF field on the page").isTrue();
        return matcher.group(1);
    }

    static JsonNode post(Browser browser, String url, String csrf, Map<String, String> form, String forwardedFor) {
        return OidcLogin.json(postRaw(browser, url, csrf, form, forwardedFor));
    }

    static String postRaw(Browser browser, String url, String csrf, Map<String, String> form, String forwardedFor) {
        var body = new LinkedHashMap<>(form);
        body.put("_csrf", csrf);
        var headers = new LinkedHashMap<String, String>();
        headers.put("Accept", "application/json");
        if (forwardedFor != null) {
            headers.put("X-Forwarded-For", forwardedFor);
        }
        var response = browser.postForm(url, body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
