package se.teknikivast.minasidor.bankid.rp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.FileSystemResource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.bankid.rp.RpMessages.AuthRequest;
import se.teknikivast.minasidor.bankid.support.AdapterHttp;
import se.teknikivast.minasidor.bankid.support.TestBeans;
import se.teknikivast.minasidor.bankid.support.TestCertificates;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/**
 * The adapter's real RP client against the simulator's mutual-TLS port, with certificates generated here: every
 * status and hint code the customer can meet, and the RFA message they see.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("simulator")
@WithRedis
@Import(TestBeans.class)
class RpClientMutualTlsIntegrationTests {

    static final TestCertificates certs = TestCertificates.generate();
    static final int tlsPort = Ports.freePort();

    static final String TOLVAN = "19121212-1212";
    static final String ULLA_CANCELS = "19900101-1239";
    static final String CECILIA_CERT_ERR = "19910202-2341";
    static final String STIG_START_FAILED = "19920303-3452";
    static final String ERIK_WALKS_AWAY = "19930404-4564";
    static final String RIKARD_RISK = "19940505-5675";

    @DynamicPropertySource
    static void mutualTls(DynamicPropertyRegistry registry) {
        registry.add("minasidor.bankid.simulator.tls.port", () -> tlsPort);
        registry.add("minasidor.bankid.simulator.tls.keystore", () -> "file:" + certs.serverKeystore);
        registry.add("minasidor.bankid.simulator.tls.keystore-password", () -> TestCertificates.PASSWORD);
        registry.add("minasidor.bankid.simulator.tls.client-ca", () -> "file:" + certs.clientCa);
        registry.add("minasidor.bankid.rp.base-url", () -> "https://localhost:" + tlsPort + "/rp/v6.0");
        registry.add("minasidor.bankid.rp.keystore", () -> "file:" + certs.clientKeystore);
        registry.add("minasidor.bankid.rp.keystore-password", () -> TestCertificates.PASSWORD);
        registry.add("minasidor.bankid.rp.trust-anchor", () -> "file:" + certs.serverCa);
        registry.add("minasidor.bankid.order.key-prefix", () -> TestInfrastructure.uniqueName("mtls") + ":");
        registry.add("minasidor.bankid.rp.maintenance-backoff", () -> "10ms");
    }

    @org.springframework.beans.factory.annotation.Value("${local.server.port}")
    int port;

    @Autowired
    CircuitBreaker breaker;

    AdapterHttp api;

    @BeforeEach
    void setUp() {
        api = new AdapterHttp(port);
        api.faults("none", -1);
        breaker.reset();
    }

    // ---- pending --------------------------------------------------------------------------------------------------

    @Test
    void qrOrderNotYetScannedAsksToStartTheApp() {
        var orderRef = start(false);
        assertCollect(orderRef, "pending", "outstandingTransaction", "RFA1");
    }

    @Test
    void autostartOrderNotYetOpenedSaysItIsTryingToStartTheApp() {
        var orderRef = start(true);
        assertCollect(orderRef, "pending", "outstandingTransaction", "RFA13");
    }

    @Test
    void noClientAsksToStartTheApp() {
        var orderRef = start(true);
        hint(orderRef, "noClient");
        assertCollect(orderRef, "pending", "noClient", "RFA1");
    }

    @Test
    void startedOnAPhoneSearchesForBankIdOnThisDevice() {
        var started = api.start(true);
        api.phone("autostart", Map.of("autoStartToken", started.get("autoStartToken"), "personalNumber", TOLVAN));
        assertCollect(started.get("orderRef"), "pending", "started", "RFA15B");
    }

    @Test
    void startedOnAComputerSearchesForBankIdOnThisComputer() {
        var started = api.post(
                "/api/identifications", Map.of("endUserIp", "203.0.113.7", "sameDevice", true, "device", "desktop"));
        api.phone("autostart", Map.of("autoStartToken", started.get("autoStartToken"), "personalNumber", TOLVAN));
        assertCollect(started.get("orderRef"), "pending", "started", "RFA15A");
    }

    @Test
    void scannedQrCodeAsksForTheSecurityCode() {
        var orderRef = start(false);
        scan(orderRef, TOLVAN);
        assertCollect(orderRef, "pending", "userSign", "RFA9");
    }

    @Test
    void documentCheckAsksToScanTheIdDocument() {
        var orderRef = start(false);
        hint(orderRef, "userMrtd");
        assertCollect(orderRef, "pending", "userMrtd", "RFA23");
    }

    @Test
    void callConfirmationAndHintCodesBankIdAddsLaterSayInProgress() {
        var orderRef = start(false);
        hint(orderRef, "userCallConfirm");
        assertCollect(orderRef, "pending", "userCallConfirm", "RFA21");
        hint(orderRef, "someHintBankIdInventsNextYear");
        assertCollect(orderRef, "pending", "someHintBankIdInventsNextYear", "RFA21");
    }

    // ---- failed ---------------------------------------------------------------------------------------------------

    @Test
    void cancelInTheAppSaysActionCancelled() {
        var orderRef = start(false);
        scan(orderRef, ULLA_CANCELS);
        api.phone("orders/" + orderRef + "/approve", null);
        assertCollect(orderRef, "failed", "userCancel", "RFA6");
    }

    @Test
    void aNewOrderForTheSamePersonCancelsTheOldOne() {
        var first = start(false);
        scan(first, TOLVAN);
        var second = start(false);
        scan(second, TOLVAN);
        assertCollect(first, "failed", "cancelled", "RFA3");
        assertCollect(second, "pending", "userSign", "RFA9");
    }

    @Test
    void orderLeftUnfinishedExpiresAfterThreeMinutes() {
        var orderRef = start(false);
        scan(orderRef, ERIK_WALKS_AWAY);
        api.phone("orders/" + orderRef + "/approve", null);
        TestBeans.CLOCK.advance(Duration.ofMinutes(3));
        assertCollect(orderRef, "failed", "expiredTransaction", "RFA8");
    }

    @Test
    void blockedBankIdSaysItIsTooOldOrBlocked() {
        var orderRef = start(false);
        scan(orderRef, CECILIA_CERT_ERR);
        assertCollect(orderRef, "failed", "certificateErr", "RFA16");
    }

    @Test
    void qrCodeNotScannedWithinThirtySecondsFailsToStart() {
        var orderRef = start(false);
        TestBeans.CLOCK.advance(Duration.ofSeconds(31));
        assertCollect(orderRef, "failed", "startFailed", "RFA17B");
    }

    @Test
    void appNotStartedOnThisDeviceFailsToStart() {
        var started = api.start(true);
        api.phone(
                "autostart",
                Map.of("autoStartToken", started.get("autoStartToken"), "personalNumber", STIG_START_FAILED));
        assertCollect(started.get("orderRef"), "failed", "startFailed", "RFA17A");
    }

    @Test
    void riskBlockedAndUnknownFailuresSaySomethingWentWrong() {
        var orderRef = start(false);
        scan(orderRef, RIKARD_RISK);
        api.phone("orders/" + orderRef + "/approve", null);
        assertCollect(orderRef, "failed", "transactionRiskBlocked", "RFA22");

        var other = start(false);
        api.phone("orders/" + other + "/fail", Map.of("hintCode", "someFailureBankIdInventsNextYear"));
        assertCollect(other, "failed", "someFailureBankIdInventsNextYear", "RFA22");
    }

    // ---- complete -------------------------------------------------------------------------------------------------

    @Test
    void completedOnThisDeviceReturnsTheUserAndAMatchingIp() {
        var started = api.start(true);
        var orderRef = started.get("orderRef");
        api.phone("autostart", Map.of("autoStartToken", started.get("autoStartToken"), "personalNumber", TOLVAN));
        api.phone("orders/" + orderRef + "/approve", null);

        var collected = collectFresh(orderRef);
        assertThat(collected.get("status")).isEqualTo("complete");
        assertThat(collected.body().get("message").isNull()).isTrue();
        var completion = collected.body().get("completion");
        assertThat(completion.get("personalNumber").asString()).isEqualTo("191212121212");
        assertThat(completion.get("name").asString()).isEqualTo("Tolvan Tolvansson");
        assertThat(completion.get("givenName").asString()).isEqualTo("Tolvan");
        assertThat(completion.get("surname").asString()).isEqualTo("Tolvansson");
        assertThat(completion.get("deviceIpAddress").asString()).isEqualTo("203.0.113.7");
        assertThat(completion.get("bankIdIssueDate").asString()).isEqualTo("2023-01-15");
        assertThat(completion.get("endUserIpMatches").asBoolean()).isTrue();
        assertThat(collected.text()).doesNotContain("qrStartSecret");
    }

    @Test
    void completedOnAnotherDeviceHasNoIpComparison() {
        var orderRef = start(false);
        scan(orderRef, TOLVAN);
        api.phone("orders/" + orderRef + "/approve", null);
        var completion = collectFresh(orderRef).body().get("completion");
        assertThat(completion.get("deviceIpAddress").asString()).isEqualTo("192.0.2.12");
        assertThat(completion.get("endUserIpMatches").isNull()).isTrue();
    }

    @Test
    void ordersAreRestrictedToMobileBankId() {
        var orderRef = start(false);
        tools.jackson.databind.JsonNode order = null;
        for (var candidate : api.get("/simulator/api/orders").body()) {
            if (candidate.get("orderRef").asString().equals(orderRef)) {
                order = candidate;
            }
        }
        assertThat(order).isNotNull();
        assertThat(order.get("certificatePolicies").get(0).asString()).isEqualTo("1.2.3.4.25");
        assertThat(order.get("certificatePolicies").size()).isEqualTo(1);
    }

    // ---- errors ---------------------------------------------------------------------------------------------------

    @Test
    void secondPhoneOrderForTheSamePersonIsAlreadyInProgress() {
        var body = Map.of("personalNumber", "19800101-2387", "callInitiator", "RP");
        assertThat(api.post("/api/phone-identifications", body).status()).isEqualTo(201);
        var refused = api.post("/api/phone-identifications", body);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.get("code")).isEqualTo("bankid-already-in-progress");
        assertThat(refused.body().get("message").get("id").asString()).isEqualTo("RFA4");
    }

    @Test
    void bankIdOutagesAreUnavailableWithRfa5() {
        for (var code : List.of("maintenance", "internalError", "requestTimeout")) {
            breaker.reset();
            api.faults(code, -1);
            var answer = api.start(false);
            assertThat(answer.status()).as(code).isEqualTo(503);
            assertThat(answer.get("code")).isEqualTo("bankid-unavailable");
            assertThat(answer.body().get("message").get("id").asString()).isEqualTo("RFA5");
            assertThat(answer.get("detail")).isEqualTo("Något gick fel. Försök igen.");
        }
    }

    @Test
    void maintenanceIsRetriedSilently() {
        api.faults("maintenance", 2);
        assertThat(api.start(false).status()).isEqualTo(201);
    }

    @Test
    void ourOwnMistakesAndUnknownErrorCodesAreNotShownAsBankIdErrors() {
        for (var code : List.of("unauthorized", "invalidParameters", "someErrorBankIdInventsNextYear")) {
            api.faults(code, 1);
            var answer = api.start(false);
            assertThat(answer.status()).as(code).isEqualTo(502);
            assertThat(answer.get("code")).isEqualTo("bankid-integration-error");
            assertThat(answer.body().get("message").get("id").asString()).isEqualTo("RFA22");
        }
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void collectingAnOrderBankIdHasForgottenIsNotFound() {
        var orderRef = start(false);
        scan(orderRef, CECILIA_CERT_ERR);
        TestBeans.CLOCK.advance(Duration.ofMinutes(6));
        var answer = collectFresh(orderRef);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.get("code")).isEqualTo("order-not-found");
    }

    // ---- transport ------------------------------------------------------------------------------------------------

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        var stranger = TlsMaterial.load(
                new FileSystemResource(certs.strangerKeystore),
                TestCertificates.PASSWORD,
                new FileSystemResource(certs.serverCa));
        var client = client(stranger);
        assertThatThrownBy(() -> client.auth(new AuthRequest("203.0.113.7", null, null, null, null, null)))
                .isInstanceOfSatisfying(
                        RpException.class, e -> assertThat(e.error()).isEqualTo(RpError.NO_ANSWER));
    }

    @Test
    void aServerNotSignedByTheBankIdCaIsNotTrusted() {
        // Our own client certificate, but the trust anchor is some other CA than the one that signed the server.
        var wrongAnchor = TlsMaterial.load(
                new FileSystemResource(certs.clientKeystore),
                TestCertificates.PASSWORD,
                new FileSystemResource(certs.clientCa));
        var client = client(wrongAnchor);
        assertThatThrownBy(() -> client.auth(new AuthRequest("203.0.113.7", null, null, null, null, null)))
                .isInstanceOfSatisfying(
                        RpException.class, e -> assertThat(e.error()).isEqualTo(RpError.NO_ANSWER));
    }

    @Test
    void theRightCertificateGetsAnOrderAndJsonWithACharsetIsRefused() throws Exception {
        var ours = TlsMaterial.load(
                new FileSystemResource(certs.clientKeystore),
                TestCertificates.PASSWORD,
                new FileSystemResource(certs.serverCa));
        assertThat(client(ours)
                        .auth(new AuthRequest("203.0.113.7", null, null, null, null, null))
                        .orderRef())
                .isNotBlank();

        var http = HttpClient.newBuilder().sslContext(ours.sslContext()).build();
        var withCharset = http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort + "/rp/v6.0/auth"))
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"endUserIp\":\"203.0.113.7\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withCharset.statusCode()).isEqualTo(415);
        assertThat(withCharset.body()).contains("unsupportedMediaType");
    }

    private RpClient client(TlsMaterial tls) {
        return new RpClient(
                URI.create("https://localhost:" + tlsPort + "/rp/v6.0"),
                RpHttpClients.create(Duration.ofSeconds(2), Duration.ofSeconds(5), tls.sslContext()),
                CircuitBreaker.ofDefaults("test"),
                0,
                Duration.ZERO,
                List.of("1.2.3.4.25"),
                new SimpleMeterRegistry());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private String start(boolean sameDevice) {
        var started = api.start(sameDevice);
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        return started.get("orderRef");
    }

    private void scan(String orderRef, String personalNumber) {
        var qr = api.qr(orderRef);
        assertThat(qr.status()).as(qr.text()).isEqualTo(200);
        var scanned = api.scan(qr.get("qrData"), personalNumber);
        assertThat(scanned.status()).as(scanned.text()).isEqualTo(200);
    }

    private void hint(String orderRef, String hintCode) {
        var answer = api.phone("orders/" + orderRef + "/hint", Map.of("hintCode", hintCode));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    /** Moves past the 2 s collect spacing, so this collect reaches the simulator. */
    private AdapterHttp.Answer collectFresh(String orderRef) {
        TestBeans.CLOCK.advance(Duration.ofSeconds(2));
        return api.collect(orderRef);
    }

    private void assertCollect(String orderRef, String status, String hintCode, String rfa) {
        var answer = collectFresh(orderRef);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.get("orderRef")).isEqualTo(orderRef);
        assertThat(answer.get("status")).isEqualTo(status);
        assertThat(answer.get("hintCode")).isEqualTo(hintCode);
        assertThat(answer.body().get("message").get("id").asString()).isEqualTo(rfa);
        assertThat(answer.body().get("message").get("sv").asString()).isNotBlank();
        assertThat(answer.body().get("message").get("en").asString()).isNotBlank();
    }
}
