package se.teknikivast.minasidor.auth.bankid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.teknikivast.minasidor.auth.bankid.BankIdLoginIntegrationTests.csrf;
import static se.teknikivast.minasidor.auth.bankid.BankIdLoginIntegrationTests.post;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import se.teknikivast.minasidor.auth.Browser;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.auth.OidcLogin;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * The phisher relaying a this-device BankID order (docs/security.md; issue 15 finding 3) against a real auth-service:
 * he starts "Mobilt BankID på den här enheten" in his browser and sends the autostart link to a victim, whose app
 * approves from the victim's address and returns (with the order's nonce) to the victim's browser, not his.
 */
class BankIdRelayIntegrationTests {

    static final String TOLVAN = "191212121212";
    static final String ATTACKERS_BROWSER = "203.0.113.66";
    static final String VICTIMS_PHONE = "198.51.100.23";

    static final FakeCustomerService customerService = FakeCustomerService.start();
    static final BankIdAdapterStandIn adapter = BankIdAdapterStandIn.start();
    static ConfigurableApplicationContext instance;
    static String auth;

    @BeforeAll
    static void start() {
        var database = TestInfrastructure.postgres().createDatabase(TestInfrastructure.uniqueName("relay"));
        instance = BankIdLoginIntegrationTests.startInstance(
                database,
                TestInfrastructure.uniqueName("relay"),
                customerService,
                adapter,
                "--minasidor.bankid.return-timeout=2s");
        auth = BankIdLoginIntegrationTests.url(instance);
    }

    @AfterAll
    static void stop() {
        instance.close();
        adapter.close();
        customerService.close();
    }

    @Test
    void theRelayedOrderApprovedFromTheVictimsAddressWithoutTheNonce_logsNobodyIn_andSaysWhyInSwedish() {
        var attacker = new OidcLogin();
        attacker.startAt(auth);
        var csrf = csrf(attacker.browser().get(auth + "/auth/login").body());
        post(attacker.browser(), auth + "/auth/bankid/start", csrf, Map.of("enhet", "denna"), ATTACKERS_BROWSER);
        var order = adapter.lastStart();

        adapter.complete(order.orderRef(), TOLVAN, VICTIMS_PHONE);

        // The app may still bring the customer back: the page waits, without logging anybody in.
        var waiting = post(attacker.browser(), auth + "/auth/bankid/status", csrf, Map.of(), ATTACKERS_BROWSER);
        assertThat(waiting.get("state").asString()).isEqualTo("pending");
        assertThat(waiting.get("hintCode").asString()).isEqualTo("awaitingReturn");
        var refused = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> post(attacker.browser(), auth + "/auth/bankid/status", csrf, Map.of(), ATTACKERS_BROWSER),
                        status -> !"pending".equals(status.get("state").asString()));
        assertThat(refused.get("state").asString()).isEqualTo("failed");
        assertThat(refused.get("hintCode").asString()).isEqualTo("notThisDevice");
        assertThat(refused.get("message").asString())
                .startsWith("Inloggningen avbröts")
                .contains("Mobilt BankID på annan enhet");
        assertThat(refused.has("redirect")).isFalse();
        // The order is over for this session; the authorization still asks for a login.
        assertThat(post(attacker.browser(), auth + "/auth/bankid/status", csrf, Map.of(), ATTACKERS_BROWSER)
                        .get("state")
                        .asString())
                .isEqualTo("none");
        // startAt asserts that authorize still sends this browser to the login page.
        assertThat(attacker.startAt(auth)).endsWith("/auth/login");
    }

    @Test
    void theNonceCountsOnlyInTheSessionThatStartedTheOrder() {
        var attacker = new Browser();
        var attackersCsrf = csrf(attacker.get(auth + "/auth/login").body());
        post(attacker, auth + "/auth/bankid/start", attackersCsrf, Map.of("enhet", "denna"), ATTACKERS_BROWSER);
        var order = adapter.lastStart();
        var nonce = nonceOf(order.returnUrl());
        adapter.complete(order.orderRef(), TOLVAN, VICTIMS_PHONE);

        // The victim's app opens the returnUrl in the victim's browser: another session, which has no order.
        var victim = new Browser();
        var victimsCsrf = csrf(victim.get(auth + "/auth/login").body());
        var victimsPage =
                post(victim, auth + "/auth/bankid/status", victimsCsrf, Map.of("nonce", nonce), VICTIMS_PHONE);
        assertThat(victimsPage.get("state").asString()).isEqualTo("none");

        // A guessed nonce in the attacker's own session proves nothing either.
        var guessed = post(
                attacker,
                auth + "/auth/bankid/status",
                attackersCsrf,
                Map.of("nonce", "A".repeat(43)),
                ATTACKERS_BROWSER);
        assertThat(guessed.get("state").asString()).isEqualTo("pending");
        assertThat(guessed.get("hintCode").asString()).isEqualTo("awaitingReturn");
    }

    @Test
    void theAppOnAnotherAddressThatBringsTheNonceBackToTheSameSession_logsTheCustomerIn() {
        // A phone whose app and browser leave by different networks (IPv4 and IPv6): the nonce is the proof.
        var customer = new OidcLogin();
        customer.startAt(auth);
        var csrf = csrf(customer.browser().get(auth + "/auth/login").body());
        var start = post(
                customer.browser(),
                auth + "/auth/bankid/start",
                csrf,
                Map.of("enhet", "denna", "device", "mobile"),
                "2001:db8:7:1::10");
        var order = adapter.lastStart();
        assertThat(order.returnUrl()).contains("#initiated=true&nonce=");
        assertThat(start.get("launchUrl").asString()).doesNotContain(nonceOf(order.returnUrl()));
        adapter.complete(order.orderRef(), TOLVAN, "198.51.100.10");

        var back = post(
                customer.browser(),
                auth + "/auth/bankid/status",
                csrf,
                Map.of("nonce", nonceOf(order.returnUrl())),
                "2001:db8:7:1::10");
        assertThat(back.get("state").asString()).isEqualTo("complete");
        assertThat(back.get("redirect").asString()).contains("/auth/oauth2/authorize");
    }

    @Test
    void everyOrderSaysWhatTheCustomerApproves_andEachThisDeviceOrderHasItsOwnNonce() {
        var browser = new Browser();
        var csrf = csrf(browser.get(auth + "/auth/login").body());
        post(browser, auth + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), null);
        var qr = adapter.lastStart();
        assertThat(qr.userVisibleData()).isEqualTo("Logga in på Mina sidor hos Teknikiväst");
        assertThat(qr.returnUrl()).isNull();

        post(browser, auth + "/auth/bankid/start", csrf, Map.of("enhet", "denna"), null);
        var first = adapter.lastStart();
        post(browser, auth + "/auth/bankid/start", csrf, Map.of("enhet", "denna"), null);
        var second = adapter.lastStart();
        assertThat(second.userVisibleData()).isEqualTo("Logga in på Mina sidor hos Teknikiväst");
        assertThat(nonceOf(first.returnUrl())).hasSizeGreaterThanOrEqualTo(43);
        assertThat(nonceOf(second.returnUrl())).isNotEqualTo(nonceOf(first.returnUrl()));
    }

    @Test
    void highRiskInBankIdsAssessmentIsRefused_evenOnAnotherDevice() {
        var browser = new Browser();
        var csrf = csrf(browser.get(auth + "/auth/login").body());
        post(browser, auth + "/auth/bankid/start", csrf, Map.of("enhet", "annan"), null);
        adapter.complete(adapter.lastStart().orderRef(), TOLVAN, "192.0.2.10", "high");

        var status = post(browser, auth + "/auth/bankid/status", csrf, Map.of(), null);
        assertThat(status.get("state").asString()).isEqualTo("failed");
        assertThat(status.get("hintCode").asString()).isEqualTo("highRisk");
        assertThat(status.get("message").asString()).startsWith("Inloggningen stoppades av BankID");
        assertThat(status.has("redirect")).isFalse();
    }

    private static String nonceOf(String returnUrl) {
        var fragment = URI.create(returnUrl).getRawFragment();
        assertThat(fragment).as("the returnUrl's fragment").isNotNull();
        return fragment.replaceAll(".*(?:^|&)nonce=([^&]+).*", "$1");
    }
}
