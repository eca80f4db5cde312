package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.system.FormClient.mainText;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stranger with public data (docs/security.md, "Who attacks") against the running system: customer numbers are
 * sequential, organisation numbers public, personal numbers findable. Each test plays one attack of issue 14 with plain
 * HTTP. Clients the gateway forwards are played straight to auth-service with {@code X-Forwarded-For} (the gateway is
 * its trusted proxy), from documentation addresses (RFC 5737, RFC 3849) that no other test uses, so the limits these
 * tests run into do not reach the browser tests.
 */
@ExtendWith(RunningSystem.class)
class RegistrationAttackIntegrationTests {

    static final String STRANGERS_PASSWORD = "grannens-nya-konto-2026";

    /** Finding 1: customer numbers and identity numbers alone must not hand an account to whoever types them. */
    @Test
    void aStrangerWithPublicDataGetsNoUsableAccountForACustomerWithoutEmail() {
        var strangersAddress = "inkraktare-" + System.currentTimeMillis() + "@example.net";
        var before = Inbox.newest();
        var stranger = FormClient.via("198.51.100.11");
        stranger.register("100005", "19850505-2467", strangersAddress);

        // The stranger's own mailbox gets the link, and he does whatever the page behind it asks.
        var mail = Inbox.await(before, strangersAddress, "Välj ditt lösenord");
        var link = Inbox.links(mail).stream()
                .filter(l -> l.contains("/auth/losenord/l/"))
                .findFirst()
                .orElseThrow();
        stranger.open(link);
        stranger.followRedirects(stranger.post(
                "/auth/losenord",
                Map.of(
                        "password", STRANGERS_PASSWORD,
                        "passwordRepeat", STRANGERS_PASSWORD,
                        "activationCode", "ABCD-EFGH")));

        var login = login("100005", STRANGERS_PASSWORD);
        assertThat(login).as("the stranger's login").doesNotContain("Lisa Lindqvist");
        assertThat(Kundservice.customer("100005").path("email").asString(""))
                .as("the customer's login address")
                .isNotEqualToIgnoringCase(strangersAddress);
    }

    /** Finding 2: the page must not tell which of these is true; what differs goes by mail to the address on file. */
    @Test
    void everyOutcomeOfTheRegistrationGetsTheSameAnswer() {
        // A stack started just before this test answers its first registration slowly (customer-service fetches
        // auth-service's keys and compiles its code on the first call; on a loaded machine that can pass auth-service's
        // 2 s timeout, "try again later"). That is about the stack's start, not about what the answers reveal: one
        // registration first, whose answer is not compared.
        answer("999998", "19121212-1212", "uppvarmning@example.net");
        var answers = new LinkedHashMap<String, String>();
        answers.put("the address on file", answer("100003", "16556677-8899", "ekonomi@example.se"));
        answers.put("another address", answer("100003", "16556677-8899", "gissning@example.net"));
        answers.put("someone else's identity number", answer("100003", "19121212-1212", "gissning@example.net"));
        answers.put("an unknown customer number", answer("999999", "16556677-8899", "gissning@example.net"));

        var first = answers.values().iterator().next();
        assertThat(answers)
                .allSatisfy((outcome, answer) ->
                        assertThat(answer).as("the answer for %s", outcome).isEqualTo(first));
        assertThat(first)
                .contains("Ett e-postmeddelande har skickats till den e-postadress du angav")
                .contains("För att byta e-postadress ring kundservice på tfn 0570-822 00 (vx)");
    }

    /** Finding 5: one /64 is one client, however many of its addresses it uses. */
    @Test
    void theLimitPerClientHoldsAcrossRotatedIpv6AddressesWithinOne64() {
        var statuses = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            var client = FormClient.via("2001:db8:5:64::" + Integer.toHexString(i));
            var answer = client.register(Integer.toString(980_000 + i), personnummer(i), "rotation@example.net");
            statuses.append(answer.statusCode()).append(' ');
            if (answer.statusCode() == 429) {
                assertThat(mainText(answer.body())).contains("För många försök");
                return;
            }
        }
        throw new AssertionError("40 registrations from one /64 were all answered: " + statuses);
    }

    /** Finding 5: the limits per customer number and per identity number do not care where the requests come from. */
    @Test
    void theLimitsPerCustomerNumberAndPerIdentityNumberHoldAcrossClients() {
        assertThat(firstLimited(i -> new String[] {"981000", personnummer(100 + i)}))
                .as("attempts on one customer number from 40 networks")
                .isPositive();
        assertThat(firstLimited(i -> new String[] {Integer.toString(982_000 + i), personnummer(200)}))
                .as("attempts with one identity number from 40 networks")
                .isPositive();
    }

    /** Finding 4: a link mailed before customer service changed the address must not work any more. */
    @Test
    void anOldLinkIsRefusedAfterCustomerServiceChangedTheAddress() {
        var before = Inbox.newest();
        FormClient.via("198.51.100.44").register("100004", "19850505-2467", "lisa@example.se");
        var mail = Inbox.await(before, "lisa@example.se", "Välj ditt lösenord");
        var link = Inbox.links(mail).stream()
                .filter(l -> l.contains("/auth/losenord/l/"))
                .findFirst()
                .orElseThrow();
        try {
            assertThat(Kundservice.changeEmail("100004", "lisa.lindqvist@example.se", "Kunden ringde, ny adress")
                            .statusCode())
                    .isEqualTo(200);

            var page = FormClient.throughGateway().open(link);
            assertThat(mainText(page.body())).contains("Länken fungerar inte längre");
            assertThat(page.body()).doesNotContain("name=\"password\"");
        } finally {
            Kundservice.changeEmail("100004", "lisa@example.se", "Demodata: tillbaka till den dokumenterade adressen");
        }
    }

    /** Finding 6: over-size fields and bodies get a short Swedish 400/413 page, are never echoed, and log no ERROR. */
    @Test
    void overSizedFieldsAndFormsGetAShortSwedishAnswerAndNoErrorLine() throws IOException {
        var log = RunningSystem.repositoryRoot().resolve(".local-stack/logs/auth-service.log");
        long logBefore = Files.size(log);

        var viaGateway = FormClient.throughGateway();
        viaGateway.get("/auth/registrering");
        assertShortRefusal(viaGateway.post("/auth/registrering", Map.of("customerNumber", "1".repeat(300_000))));

        var direct = FormClient.via("198.51.100.66");
        direct.get("/auth/registrering");
        assertShortRefusal(direct.post("/auth/registrering", Map.of("customerNumber", "1".repeat(300_000))));
        assertShortRefusal(direct.post("/auth/registrering", Map.of("customerNumber", "1".repeat(2_000))));
        assertShortRefusal(direct.post("/auth/losenord", Map.of("password", "x".repeat(1_100), "passwordRepeat", "x")));
        assertShortRefusal(direct.post(
                "/auth/losenord", Map.of("password", "x".repeat(1_000_000), "passwordRepeat", "x".repeat(1_000_000))));
        assertShortRefusal(
                FormClient.via("198.51.100.67").register("100006", "19700707-3716", "a".repeat(250) + "@example.se"));

        var newLines = tail(log, logBefore);
        // Plain text or ECS JSON (LOG_FORMAT=ecs), whichever the stack was started with.
        assertThat(newLines)
                .as("auth-service's log during these requests")
                .doesNotContain(" ERROR ")
                .doesNotContain("\"log.level\":\"ERROR\"")
                .doesNotContain("stack_trace")
                .doesNotContainPattern("\\n\\s+at [a-z]");
    }

    private static void assertShortRefusal(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as("status of %s", answer.uri()).isIn(400, 413);
        assertThat(answer.body().length()).as("size of the answer").isLessThan(30_000);
        assertThat(answer.body())
                .doesNotContain("1111111111")
                .doesNotContain("xxxxxxxxxx")
                .doesNotContain("aaaaaaaaaa");
        assertThat(mainText(answer.body())).containsAnyOf("för stor", "för lång", "för långt");
    }

    private static String tail(Path log, long from) throws IOException {
        var bytes = Files.readAllBytes(log);
        return new String(
                bytes,
                (int) Math.min(from, bytes.length),
                (int) Math.max(0, bytes.length - from),
                StandardCharsets.UTF_8);
    }

    /** Step 2's answer as a person reads it, after the redirect. */
    private static String answer(String customerNumber, String identityNumber, String email) {
        var client = FormClient.via("198.51.100.22");
        var answer = client.followRedirects(client.register(customerNumber, identityNumber, email));
        return answer.statusCode() + " " + answer.uri().getPath() + " " + mainText(answer.body());
    }

    /** The attempt (1–40) that got 429, each from its own /64; 0 when none did. */
    private static int firstLimited(java.util.function.IntFunction<String[]> details) {
        for (int i = 1; i <= 40; i++) {
            var client = FormClient.via("2001:db8:" + Integer.toHexString(0x100 + i) + ":1::1");
            var values = details.apply(i);
            var answer = client.register(values[0], values[1], "flera-natverk@example.net");
            if (answer.statusCode() == 429) {
                return i;
            }
        }
        return 0;
    }

    private static String login(String username, String password) {
        try {
            return HttpLogin.passwordLogin(username, password).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A valid personnummer (check digit) born 1990-01-01 with serial {@code n} (1–999); nobody in the demo data. */
    static String personnummer(int n) {
        var nine = "900101" + "%03d".formatted(n);
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            int d = (nine.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return "19" + nine.substring(0, 6) + "-" + nine.substring(6) + ((10 - sum % 10) % 10);
    }
}
