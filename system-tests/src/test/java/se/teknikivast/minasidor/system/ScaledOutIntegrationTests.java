package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What must be shared across instances is shared: against a stack with two of everything
 * ({@code -Dminasidor.system.instances=2}, docs/running.md "Two (or more) of everything"), each test pins the first
 * half of a customer's journey to instance 1 and the second half to instance 2 (the other instance set to drain in
 * HAProxy, so the balancer sends it nothing new), and checks from HAProxy's per-instance counters that it really went
 * that way.
 *
 * <p>A password link minted by one auth-service is used once through the other.
 *
 * <p>Run: {@code ./mvnw -pl system-tests verify -Dminasidor.system.instances=2 -Dtest=ScaledOutIntegrationTests}
 * (starts and stops its own scaled-out stack; with {@code -Dminasidor.system.running=true} it uses one that runs).
 */
@ExtendWith(RunningSystem.class)
@EnabledIfSystemProperty(named = "minasidor.system.instances", matches = "[2-9]")
class ScaledOutIntegrationTests {

    static final String GATEWAY_1 = "http://localhost:8180";
    static final String GATEWAY_2 = "http://localhost:8280";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern REDIRECT = Pattern.compile("\"redirect\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern QR_DATA = Pattern.compile("\"qrData\"\\s*:\\s*\"([^\"]+)\"");

    private final List<String> drained = new ArrayList<>();

    @AfterEach
    void everyInstanceBackInTheBalancer() {
        drained.forEach(server -> Balancers.admin("set server " + server + " state ready"));
    }

    @Test
    void aPasswordLoginStartedOnGateway1AndAuthService1FinishesOnGateway2AndAuthService2() {
        drain("auth-service", "auth-service-2");
        var before = Balancers.sessions();
        var first = FormClient.at(GATEWAY_1, null, Map.of());
        var loginPage = first.open("/");
        var csrf = csrf(loginPage.body());
        var afterFirstHalf = Balancers.sessions();
        assertThat(afterFirstHalf.get("auth-service/auth-service-1"))
                .isGreaterThan(before.get("auth-service/auth-service-1"));
        assertThat(afterFirstHalf.get("auth-service/auth-service-2"))
                .isEqualTo(before.get("auth-service/auth-service-2"));

        ready("auth-service", "auth-service-2");
        drain("auth-service", "auth-service-1");
        var second = FormClient.at(GATEWAY_2, null, first.cookies());
        var end = second.followRedirects(second.post(
                "/auth/login", Map.of("username", "100001", "password", "elljus-over-vanern-2026", "_csrf", csrf)));

        assertThat(end.statusCode()).isEqualTo(200);
        assertThat(end.body()).contains("Tolvan Tolvansson");
        var afterSecondHalf = Balancers.sessions();
        assertThat(afterSecondHalf.get("auth-service/auth-service-2"))
                .isGreaterThan(afterFirstHalf.get("auth-service/auth-service-2"));
        assertThat(afterSecondHalf.get("auth-service/auth-service-1"))
                .isEqualTo(afterFirstHalf.get("auth-service/auth-service-1"));
        assertThat(afterSecondHalf.get("gateway/gateway-2")).isGreaterThan(afterFirstHalf.get("gateway/gateway-2"));
    }

    @Test
    void aBankIdOrderStartedThroughAdapter1IsCollectedThroughAdapter2() throws InterruptedException {
        drain("bankid-adapter", "bankid-adapter-2");
        var browser = FormClient.at(GATEWAY_1, null, Map.of());
        var csrf = csrf(browser.open("/").body());
        var started = browser.post("/auth/bankid/start", Map.of("enhet", "annan", "_csrf", csrf));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        var qr = QR_DATA.matcher(
                browser.get("/auth/bankid/qr", "application/json").body());
        assertThat(qr.find()).isTrue();
        var afterStart = Balancers.sessions();

        ready("bankid-adapter", "bankid-adapter-2");
        drain("bankid-adapter", "bankid-adapter-1");
        BankIdSimulator.approve(BankIdSimulator.scan(qr.group(1), "19121212-1212"));
        var other = FormClient.at(GATEWAY_2, null, browser.cookies());
        String state = "pending";
        HttpResponse<String> status = null;
        for (int polls = 0; polls < 40 && state.equals("pending"); polls++) {
            Thread.sleep(250);
            status = other.post("/auth/bankid/status", Map.of("_csrf", csrf));
            var matcher = STATE.matcher(status.body());
            assertThat(matcher.find()).as(status.body()).isTrue();
            state = matcher.group(1);
        }
        assertThat(state).isEqualTo("complete");
        var redirect = REDIRECT.matcher(status.body());
        assertThat(redirect.find()).isTrue();
        var end = other.open(redirect.group(1));

        assertThat(end.body()).contains("Tolvan Tolvansson");
        var afterCollect = Balancers.sessions();
        assertThat(afterCollect.get("bankid-adapter/bankid-adapter-2"))
                .isGreaterThan(afterStart.get("bankid-adapter/bankid-adapter-2"));
        assertThat(afterCollect.get("bankid-adapter/bankid-adapter-1"))
                .isEqualTo(afterStart.get("bankid-adapter/bankid-adapter-1"));
    }

    @Test
    void aPasswordLinkMintedByAuthService1IsUsedOnceThroughAuthService2() {
        // Tolvan forgot her password (no proof needed for a customer with an address on file); she sets the
        // documented demo password again, so the demo logins stay as documented.
        var address = "198.51.100." + (10 + (int) (System.nanoTime() % 200));
        drain("auth-service", "auth-service-2");
        var before = Inbox.newest();
        var asking = FormClient.at(GATEWAY_1, address, Map.of());
        asking.open("/");
        var sent = asking.followRedirects(asking.register("100001", "19121212-1212", "tolvan@example.se"));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        var mail = Inbox.await(before, "tolvan@example.se", "Välj ditt lösenord");
        var link = Inbox.links(mail).stream()
                .filter(l -> l.contains("/auth/losenord/l/"))
                .findFirst()
                .orElseThrow();
        var minted = Balancers.sessions();

        ready("auth-service", "auth-service-2");
        drain("auth-service", "auth-service-1");
        var phone = FormClient.at(GATEWAY_2, address, Map.of());
        var choose = phone.open(link);
        assertThat(choose.body()).contains("name=\"passwordRepeat\"");
        var chosen = phone.post(
                "/auth/losenord",
                Map.of("password", "elljus-over-vanern-2026", "passwordRepeat", "elljus-over-vanern-2026"));
        assertThat(chosen.statusCode()).isEqualTo(302);
        assertThat(chosen.headers().firstValue("Location").orElseThrow()).contains("losenord=andrat");

        var again = FormClient.at(GATEWAY_2, address, Map.of()).open(link);
        assertThat(FormClient.mainText(again.body())).contains("Länken är redan använd");
        assertThat(again.body()).doesNotContain("name=\"password\"");
        var used = Balancers.sessions();
        assertThat(used.get("auth-service/auth-service-2")).isGreaterThan(minted.get("auth-service/auth-service-2"));
        assertThat(used.get("auth-service/auth-service-1")).isEqualTo(minted.get("auth-service/auth-service-1"));
    }

    @Test
    void theLoginLimitPerClientIsOneLimitAcrossGatewayInstances() {
        // One client address (as the balancer forwards it) posting wrong passwords through both gateways in turn:
        // per instance the burst of 20 would let 40 through; shared in Redis, the 21st is refused.
        var address = "198.51.100." + (10 + (int) (System.nanoTime() % 200));
        int admitted = 0;
        int firstRefused = -1;
        for (int i = 1; i <= 30 && firstRefused < 0; i++) {
            var client = FormClient.at(i % 2 == 0 ? GATEWAY_2 : GATEWAY_1, address, Map.of());
            var answer = client.post("/auth/login", Map.of("username", "999999", "password", "fel-losenord-" + i));
            if (answer.statusCode() == 429) {
                firstRefused = i;
                assertThat(answer.body()).contains("lang=\"sv\"");
            } else {
                admitted++;
            }
        }
        assertThat(firstRefused).as("the first 429").isBetween(2, 22);
        assertThat(admitted).isLessThanOrEqualTo(21);
    }

    private static String csrf(String html) {
        var matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
        return matcher.group(1);
    }

    private void drain(String backend, String server) {
        Balancers.admin("set server " + backend + "/" + server + " state drain");
        drained.add(backend + "/" + server);
    }

    private void ready(String backend, String server) {
        Balancers.admin("set server " + backend + "/" + server + " state ready");
        drained.remove(backend + "/" + server);
    }
}
