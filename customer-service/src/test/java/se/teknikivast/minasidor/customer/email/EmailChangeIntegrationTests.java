package se.teknikivast.minasidor.customer.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.support.Api;
import se.teknikivast.minasidor.customer.support.CustomerServiceIntegrationTest;
import se.teknikivast.minasidor.customer.support.PublishedEvents;
import se.teknikivast.minasidor.customer.support.Seed;
import se.teknikivast.minasidor.customer.support.TestData;
import se.teknikivast.minasidor.customer.support.TestTokens;
import se.teknikivast.minasidor.identity.CustomerNumber;

/** Customer service changes an e-mail address; every change is audited and announced. */
@CustomerServiceIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EmailChangeIntegrationTests {

    static final String KUNDSERVICE = TestTokens.client("kundservice", "customers.read", "customers.admin");

    @Value("${local.server.port}")
    int port;

    @Autowired
    Customers customers;

    @Autowired
    EmailChanges changes;

    @Value("${minasidor.customer-events.topic}")
    String topic;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    void changesTheAddressAndAuditsWhoWhenWhyWithMaskedAddresses(CapturedOutput output) {
        var old = TestData.email("gammal");
        var customer = Seed.person(customers, old);
        var replacement = TestData.email("ny");

        var response = api.put(
                "/internal/customers/" + customer.customerNumber() + "/email",
                KUNDSERVICE,
                Map.of("email", replacement, "reason", "Kunden ringde 2026-03-15, ärende 4711"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("email").asString()).isEqualTo(replacement);
        var trail = changes.auditTrail(new CustomerNumber(customer.customerNumber()));
        assertThat(trail).singleElement().satisfies(entry -> {
            assertThat(entry.changedBy()).isEqualTo("kundservice");
            assertThat(entry.maskedOld()).isEqualTo("g***@example.se");
            assertThat(entry.maskedNew()).isEqualTo("n***@example.se");
            assertThat(entry.reason()).isEqualTo("Kunden ringde 2026-03-15, ärende 4711");
            assertThat(entry.changedAt()).isNotNull();
        });
        var event = PublishedEvents.first(topic, customer.customerNumber(), "EmailChanged");
        assertThat(event.get("maskedOldEmail").asString()).isEqualTo("g***@example.se");
        assertThat(event.get("maskedNewEmail").asString()).isEqualTo("n***@example.se");
        assertThat(event.get("changedBy").asString()).isEqualTo("kundservice");
        // In full, for auth-service to void the links and tell both addresses (never logged).
        assertThat(event.get("oldEmail").asString()).isEqualTo(old);
        assertThat(event.get("newEmail").asString()).isEqualTo(replacement);
        assertThat(event.get("version").asInt()).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(old).doesNotContain(replacement);
        // The audit trail is readable by customer service, and shows no full address either.
        var audit = api.get("/internal/customers/" + customer.customerNumber() + "/email-changes", KUNDSERVICE);
        assertThat(audit.text()).contains("n***@example.se").doesNotContain(replacement);
    }

    @Test
    void setsAnAddressForACustomerWhoHadNone() {
        var customer = Seed.person(customers, null);

        var response = api.put(
                "/internal/customers/" + customer.customerNumber() + "/email",
                KUNDSERVICE,
                Map.of("email", "Kund@Example.SE", "reason", "Kunden har ingen dator"));

        assertThat(response.json().get("email").asString()).isEqualTo("Kund@example.se");
        assertThat(changes.auditTrail(new CustomerNumber(customer.customerNumber())))
                .singleElement()
                .satisfies(entry -> assertThat(entry.maskedOld()).isNull());
    }

    @Test
    void needsAReasonAValidAddressAndAnExistingCustomer() {
        var customer = Seed.person(customers, null);
        var path = "/internal/customers/" + customer.customerNumber() + "/email";

        var noReason = api.put(path, KUNDSERVICE, Map.of("email", "a@example.se", "reason", " "));
        var badAddress = api.put(path, KUNDSERVICE, Map.of("email", "a@@example.se", "reason", "x"));
        var unknown = api.put(
                "/internal/customers/999999998/email", KUNDSERVICE, Map.of("email", "a@example.se", "reason", "x"));

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("code").asString()).isEqualTo("invalid-request");
        assertThat(noReason.json().get("detail").asString()).contains("Ange varför");
        assertThat(badAddress.json().get("reason").asString()).isEqualTo("MULTIPLE_AT");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(changes.auditTrail(new CustomerNumber(customer.customerNumber())))
                .isEmpty();
    }
}
