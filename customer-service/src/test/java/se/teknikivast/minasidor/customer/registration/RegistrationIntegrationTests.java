package se.teknikivast.minasidor.customer.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.support.Api;
import se.teknikivast.minasidor.customer.support.CustomerServiceIntegrationTest;
import se.teknikivast.minasidor.customer.support.Seed;
import se.teknikivast.minasidor.customer.support.TestData;
import se.teknikivast.minasidor.customer.support.TestTokens;
import se.teknikivast.minasidor.identity.CustomerNumber;

/** The registration rules of the login guide, through the API auth-service calls. */
@CustomerServiceIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RegistrationIntegrationTests {

    static final String AUTH_SERVICE =
            TestTokens.client("auth-service", "customers.read", "customers.register", "bankid");

    @Value("${local.server.port}")
    int port;

    @Autowired
    Customers customers;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    Api.Response register(String customerNumber, String identityNumber, String email) {
        return api.post(
                "/internal/registrations",
                AUTH_SERVICE,
                Map.of("customerNumber", customerNumber, "identityNumber", identityNumber, "email", email));
    }

    static final String KUNDSERVICE = TestTokens.client("kundservice", "customers.read", "customers.admin");

    Api.Response prove(String customerNumber, String email) {
        return api.post(
                "/internal/registrations/confirmations",
                AUTH_SERVICE,
                Map.of("customerNumber", customerNumber, "email", email));
    }

    @Test
    void aFirstAddressStaysPendingUntilProvenAndOnlyThenBecomesTheLoginAddress(CapturedOutput output) {
        var customer = Seed.person(customers, null);
        var email = TestData.email("Ny.Kund");

        var response = register(customer.customerNumber(), formatted(customer.identityNumber()), email);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("outcome").asString()).isEqualTo("PENDING");
        var stored = response.json().get("customer");
        assertThat(stored.get("customerNumber").asString()).isEqualTo(customer.customerNumber());
        assertThat(stored.get("email").isNull()).as("no login address yet").isTrue();
        assertThat(stored.get("pendingEmail").asString()).isEqualTo(email);
        assertThat(stored.get("postalAddress").get("postalCode").asString()).isEqualTo("652 25");
        assertThat(outboxTypes(customer.customerNumber())).isEmpty();

        // Proof of another address (a replaced or guessed one) is refused; of this one it makes it the login address.
        assertThat(prove(customer.customerNumber(), TestData.email("annan")).status())
                .isEqualTo(409);
        var proven = prove(customer.customerNumber(), email.toLowerCase());
        assertThat(proven.status()).isEqualTo(200);
        assertThat(proven.json().get("email").asString()).isEqualTo(email);
        assertThat(proven.json().get("pendingEmail").isNull()).isTrue();
        assertThat(customers.get(new CustomerNumber(customer.customerNumber())).email())
                .hasToString("N***@example.se");
        assertThat(outboxTypes(customer.customerNumber())).containsExactly("EmailRegistered");
        assertThat(prove(customer.customerNumber(), email).status())
                .as("only once")
                .isEqualTo(409);
        // Never a full address or identity number in the logs.
        assertThat(output.getAll()).doesNotContain(email).doesNotContain(customer.identityNumber());
    }

    @Test
    void aStrangersPendingAddressNeverBlocksTheCustomerALaterRegistrationReplacesIt() {
        var customer = Seed.person(customers, null);
        var strangers = TestData.email("inkraktare");
        var own = TestData.email("kunden");

        assertThat(register(customer.customerNumber(), customer.identityNumber(), strangers)
                        .json()
                        .get("outcome")
                        .asString())
                .isEqualTo("PENDING");
        assertThat(register(customer.customerNumber(), customer.identityNumber(), own)
                        .json()
                        .get("outcome")
                        .asString())
                .isEqualTo("PENDING");

        assertThat(prove(customer.customerNumber(), strangers).status()).isEqualTo(409);
        assertThat(prove(customer.customerNumber(), own).status()).isEqualTo(200);
    }

    @Test
    void customerServiceSeesPendingRegistrationsMaskedAndCancelsThem() {
        var customer = Seed.company(customers, null);
        var email = TestData.email("kontoret");
        register(customer.customerNumber(), customer.identityNumber(), email);

        assertThat(api.get("/internal/registrations/pending", AUTH_SERVICE).status())
                .as("not for auth-service's scopes")
                .isEqualTo(403);
        var list = api.get("/internal/registrations/pending", KUNDSERVICE);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).doesNotContain(email).doesNotContain(customer.identityNumber());
        var entry = java.util.stream.StreamSupport.stream(
                        list.json().get("registrations").spliterator(), false)
                .filter(r -> r.get("customerNumber").asString().equals(customer.customerNumber()))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("maskedEmail").asString()).isEqualTo("k***@example.se");
        assertThat(entry.get("type").asString()).isEqualTo("COMPANY");
        assertThat(entry.get("since").isNull()).isFalse();

        var path = "/internal/registrations/pending/" + customer.customerNumber();
        assertThat(api.delete(path, AUTH_SERVICE).status()).isEqualTo(403);
        assertThat(api.delete(path, KUNDSERVICE).status()).isEqualTo(204);
        assertThat(api.delete(path, KUNDSERVICE).json().get("code").asString()).isEqualTo("registration-not-pending");
        assertThat(prove(customer.customerNumber(), email).status())
                .as("a cancelled address")
                .isEqualTo(409);
        assertThat(outboxTypes(customer.customerNumber())).containsExactly("RegistrationCancelled");
    }

    @Test
    void confirmsTheSameAddressWhateverTheCaseAsAForgottenPassword() {
        var email = TestData.email("lisa");
        var customer = Seed.person(customers, email);

        var response = register(customer.customerNumber(), customer.identityNumber(), email.toUpperCase());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("outcome").asString()).isEqualTo("CONFIRMED");
        assertThat(response.json().get("customer").get("email").asString()).isEqualTo(email);
        assertThat(outboxTypes(customer.customerNumber())).isEmpty();
    }

    @Test
    void refusesASecondEmailAddressWithoutRevealingTheStoredOne() {
        var stored = TestData.email("ekonomi");
        var customer = Seed.company(customers, stored);

        var response = register(customer.customerNumber(), customer.identityNumber(), TestData.email("annan"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        var problem = response.json();
        assertThat(problem.get("code").asString()).isEqualTo("email-already-registered");
        assertThat(problem.get("type").asString())
                .isEqualTo("https://teknikivast.se/problems/email-already-registered");
        assertThat(problem.get("detail").asString())
                .startsWith("Det finns redan en annan e-postadress registrerad")
                .contains("ring kundservice på tfn 0570-822 00 (vx)");
        assertThat(response.text()).doesNotContain(stored).doesNotContain(stored.substring(0, stored.indexOf('@')));
        assertThat(customers.get(new CustomerNumber(customer.customerNumber())).email())
                .hasToString(stored.charAt(0) + "***@example.se");
    }

    @Test
    void acceptsACompanysOrganisationNumberInEverySpelling() {
        var customer = Seed.company(customers, null);
        var email = TestData.email("ab");
        var tenDigitsWithHyphen = customer.identityNumber().substring(2, 8) + "-"
                + customer.identityNumber().substring(8);

        var first = register(customer.customerNumber(), formatted(customer.identityNumber()), email);
        var again = register(customer.customerNumber(), tenDigitsWithHyphen, email);

        assertThat(first.json().get("outcome").asString()).isEqualTo("PENDING");
        assertThat(again.json().get("outcome").asString()).isEqualTo("PENDING");
    }

    @Test
    void givesOneGenericAnswerForAnUnknownCustomerAndForSomeoneElsesIdentityNumber() {
        var customer = Seed.person(customers, null);
        var someoneElse = TestData.personnummer();

        var unknownCustomer = register(TestData.customerNumber(), customer.identityNumber(), TestData.email("x"));
        var wrongIdentity = register(customer.customerNumber(), someoneElse, TestData.email("x"));

        assertThat(unknownCustomer.status()).isEqualTo(422);
        assertThat(wrongIdentity.status()).isEqualTo(422);
        assertThat(unknownCustomer.json().get("code").asString()).isEqualTo("registration-details-mismatch");
        assertThat(unknownCustomer.json().get("detail"))
                .isEqualTo(wrongIdentity.json().get("detail"));
        assertThat(unknownCustomer.json().get("title"))
                .isEqualTo(wrongIdentity.json().get("title"));
        assertThat(customers.get(new CustomerNumber(customer.customerNumber())).email())
                .isNull();
    }

    @Test
    void refusesInvalidInputWithAClearSwedishReason() {
        var customer = Seed.person(customers, null);

        var badEmail = register(customer.customerNumber(), customer.identityNumber(), "anna@example");
        var controlCharacters = register(customer.customerNumber(), customer.identityNumber(), "anna@ex\r\nample.se");
        var badIdentity = register(customer.customerNumber(), "19121212-1213", TestData.email("x"));
        var badCustomerNumber = register("10000A", customer.identityNumber(), TestData.email("x"));

        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.json().get("code").asString()).isEqualTo("invalid-email");
        assertThat(badEmail.json().get("reason").asString()).isEqualTo("DOMAIN_WITHOUT_DOT");
        assertThat(badEmail.json().get("detail").asString()).contains("punkt");
        assertThat(controlCharacters.json().get("reason").asString()).isEqualTo("CONTROL_CHARACTERS");
        assertThat(badIdentity.status()).isEqualTo(400);
        assertThat(badIdentity.json().get("code").asString()).isEqualTo("invalid-identity-number");
        assertThat(badIdentity.json().get("reason").asString()).isEqualTo("CHECK_DIGIT");
        assertThat(badCustomerNumber.json().get("code").asString()).isEqualTo("invalid-customer-number");
        assertThat(api.postText("/internal/registrations", AUTH_SERVICE, "application/json", "{not json")
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("invalid-request");
        assertThat(api.post("/internal/registrations", AUTH_SERVICE, Map.of())
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("invalid-customer-number");
    }

    @Test
    void ofTwoConcurrentProofsOfDifferentAddressesAtMostTheCurrentPendingOneWins() throws Exception {
        try (var threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 5; round++) {
                var customer = Seed.person(customers, null);
                var first = TestData.email("forst");
                var last = TestData.email("sist");
                register(customer.customerNumber(), customer.identityNumber(), first);
                register(customer.customerNumber(), customer.identityNumber(), last);
                var barrier = new CyclicBarrier(2);
                var answers = new ArrayList<Future<Api.Response>>();
                for (var email : new String[] {first, last}) {
                    answers.add(threads.submit(() -> {
                        barrier.await();
                        return prove(customer.customerNumber(), email);
                    }));
                }
                var statuses = new ArrayList<Integer>();
                for (var answer : answers) {
                    statuses.add(answer.get().status());
                }

                assertThat(statuses).containsExactly(409, 200);
                assertThat(customers
                                .get(new CustomerNumber(customer.customerNumber()))
                                .email()
                                .value())
                        .isEqualTo(last);
                assertThat(outboxTypes(customer.customerNumber())).containsExactly("EmailRegistered");
            }
        }
    }

    private java.util.List<String> outboxTypes(String customerNumber) {
        return jdbc.sql("select message_type from outbox where message_key = ? order by id")
                .param(customerNumber)
                .query(String.class)
                .list();
    }

    private static String formatted(String twelveDigits) {
        return twelveDigits.substring(0, 8) + "-" + twelveDigits.substring(8);
    }
}
