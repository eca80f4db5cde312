package se.teknikivast.minasidor.bankid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.bankid.support.AdapterHttp;
import se.teknikivast.minasidor.bankid.support.TestBeans;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/**
 * What the adapter sends BankID against relayed orders (docs/security.md, "The phisher relaying BankID"), and the
 * simulator playing BankID's side of it: userVisibleData as base64 of UTF-8, the risk asked for and high risk
 * blocked, launch links that do not carry the order's returnUrl (its nonce), and the app on another address.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@ActiveProfiles("simulator")
@WithRedis
@Import(TestBeans.class)
class RelayDefencesIntegrationTests {

    static final int port = Ports.freePort();
    static final String ANNA = "19800101-2387";
    static final String RIKARD_RISK = "19940505-5675";
    static final String RETURN_URL =
            "https://minasidor.teknikivast.se/auth/login?flik=bankid#initiated=true&nonce=n0nce";
    static final String TEXT = "Logga in på Mina sidor hos Teknikiväst";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> port);
        registry.add("minasidor.bankid.order.key-prefix", () -> TestInfrastructure.uniqueName("relay") + ":");
    }

    final AdapterHttp api = new AdapterHttp(port);

    @Test
    void theOrderShowsWhatIsApproved_asksForTheRisk_andTheLaunchLinksDoNotCarryTheReturnUrl() {
        var started = startThisDevice(TEXT);
        assertThat(started.status()).isEqualTo(201);
        // Whoever starts the order gets the launch links: the nonce in the returnUrl must stay between the order and
        // the app, or a phisher would read it there and bring it back to his own browser.
        assertThat(started.text()).doesNotContain("n0nce").doesNotContain("minasidor.teknikivast.se");
        assertThat(started.body().get("launchUrls").get("mobile").asString()).endsWith("&redirect=null");

        var order = simulatorOrder(started.get("orderRef"));
        // The simulator decoded base64 of UTF-8 back to the same text, å and ä included.
        assertThat(order.get("userVisibleData")).isEqualTo(TEXT);

        api.phone("autostart", Map.of("autoStartToken", started.get("autoStartToken"), "personalNumber", ANNA));
        api.phone("orders/" + started.get("orderRef") + "/approve", Map.of());
        var completion = api.collect(started.get("orderRef")).body().get("completion");
        assertThat(completion.get("risk").asString()).isEqualTo("low");
        assertThat(completion.get("endUserIpMatches").asBoolean()).isTrue();
    }

    @Test
    void theSimulatorPlaysTheRelay_theAppOnAnotherAddress_isAMismatch_andTheAppReturnsOnlyToTheReturnUrl() {
        var started = startThisDevice(TEXT);
        var opened = api.phone(
                "autostart",
                Map.of(
                        "autoStartToken",
                        started.get("autoStartToken"),
                        "personalNumber",
                        ANNA,
                        "deviceIp",
                        "198.51.100.77"));
        assertThat(opened.status()).isEqualTo(200);
        var approved = api.phone("orders/" + started.get("orderRef") + "/approve", Map.of());
        // The app opens the order's returnUrl on its own device (the victim's phone, not the attacker's browser).
        assertThat(approved.get("returnUrl")).isEqualTo(RETURN_URL);

        var completion = api.collect(started.get("orderRef")).body().get("completion");
        assertThat(completion.get("deviceIpAddress").asString()).isEqualTo("198.51.100.77");
        assertThat(completion.get("endUserIpMatches").asBoolean()).isFalse();

        var badAddress = api.phone(
                "autostart",
                Map.of(
                        "autoStartToken",
                        startThisDevice(TEXT).get("autoStartToken"),
                        "personalNumber",
                        ANNA,
                        "deviceIp",
                        "nowhere"));
        assertThat(badAddress.status()).isEqualTo(422);
    }

    @Test
    void highRiskIsBlockedByBankId_becauseTheAdapterSetsTheRiskRequirement() {
        var started = startThisDevice(TEXT);
        api.phone("autostart", Map.of("autoStartToken", started.get("autoStartToken"), "personalNumber", RIKARD_RISK));
        api.phone("orders/" + started.get("orderRef") + "/approve", Map.of());

        var collected = api.collect(started.get("orderRef"));
        assertThat(collected.get("status")).isEqualTo("failed");
        assertThat(collected.get("hintCode")).isEqualTo("transactionRiskBlocked");
    }

    @Test
    void theSimulatorsRpApiChecksUserVisibleDataAndTheRiskFieldsAsBankIdDoes() {
        assertThat(rpAuth(Map.of("userVisibleData", "not base64!")).get("errorCode"))
                .isEqualTo("invalidParameters");
        assertThat(rpAuth(Map.of("userVisibleData", "A".repeat(1504))).get("errorCode"))
                .isEqualTo("invalidParameters");
        // Base64 of bytes that are not UTF-8.
        assertThat(rpAuth(Map.of("userVisibleData", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3})))
                        .get("errorCode"))
                .isEqualTo("invalidParameters");
        assertThat(rpAuth(Map.of("userVisibleData", base64(TEXT), "userVisibleDataFormat", "html"))
                        .get("errorCode"))
                .isEqualTo("invalidParameters");
        assertThat(rpAuth(Map.of("returnRisk", "yes")).get("errorCode")).isEqualTo("invalidParameters");
        assertThat(rpAuth(Map.of("requirement", Map.of("risk", "extreme"))).get("errorCode"))
                .isEqualTo("invalidParameters");
        assertThat(rpAuth(Map.of("returnUrl", "javascript:alert(1)")).get("errorCode"))
                .isEqualTo("invalidParameters");

        // Risk asked for without a risk requirement: BankID tells high risk instead of blocking it.
        var started = rpAuth(Map.of("returnRisk", true, "userVisibleData", base64(TEXT)));
        assertThat(started.status()).isEqualTo(200);
        api.phone("autostart", Map.of("autoStartToken", started.get("autoStartToken"), "personalNumber", RIKARD_RISK));
        api.phone("orders/" + started.get("orderRef") + "/approve", Map.of());
        var collected =
                new AdapterHttp(port, null).post("/rp/v6.0/collect", Map.of("orderRef", started.get("orderRef")));
        assertThat(collected.body().get("completionData").get("risk").asString())
                .isEqualTo("high");

        var withoutRisk = rpAuth(Map.of());
        api.phone("autostart", Map.of("autoStartToken", withoutRisk.get("autoStartToken"), "personalNumber", ANNA));
        api.phone("orders/" + withoutRisk.get("orderRef") + "/approve", Map.of());
        var plain =
                new AdapterHttp(port, null).post("/rp/v6.0/collect", Map.of("orderRef", withoutRisk.get("orderRef")));
        assertThat(plain.body().get("completionData").has("risk")).isFalse();
    }

    @Test
    void userVisibleDataTooLongForBankIdIsAClearFourHundredAtTheAdapter() {
        var tooLong = api.post(
                "/api/identifications",
                Map.of("endUserIp", "203.0.113.7", "sameDevice", false, "userVisibleData", "å".repeat(600)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.get("detail")).contains("userVisibleData");
    }

    private AdapterHttp.Answer startThisDevice(String text) {
        return api.post(
                "/api/identifications",
                Map.of(
                        "endUserIp",
                        "203.0.113.7",
                        "sameDevice",
                        true,
                        "device",
                        "mobile",
                        "userVisibleData",
                        text,
                        "returnUrl",
                        RETURN_URL));
    }

    private AdapterHttp.Answer rpAuth(Map<String, Object> fields) {
        var body = new java.util.LinkedHashMap<String, Object>(fields);
        body.put("endUserIp", "203.0.113.7");
        return new AdapterHttp(port, null).post("/rp/v6.0/auth", body);
    }

    private AdapterHttp.Answer simulatorOrderAnswer() {
        return api.get("/simulator/api/orders");
    }

    private Map<String, String> simulatorOrder(String orderRef) {
        for (var order : simulatorOrderAnswer().body()) {
            if (orderRef.equals(order.get("orderRef").asString())) {
                return Map.of("userVisibleData", order.get("userVisibleData").asString());
            }
        }
        throw new AssertionError("The simulator has no order " + orderRef);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
