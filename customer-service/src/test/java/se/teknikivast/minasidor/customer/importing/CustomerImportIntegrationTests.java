package se.teknikivast.minasidor.customer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.customer.customer.CustomerType;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.support.Api;
import se.teknikivast.minasidor.customer.support.CustomerServiceIntegrationTest;
import se.teknikivast.minasidor.customer.support.TestData;
import se.teknikivast.minasidor.customer.support.TestTokens;
import se.teknikivast.minasidor.identity.CustomerNumber;
import tools.jackson.databind.JsonNode;

/** The idempotent bulk import: good rows are kept, bad rows reported with their line numbers. */
@CustomerServiceIntegrationTest
class CustomerImportIntegrationTests {

    static final String OPERATIONS = TestTokens.client("kundservice", "customers.admin");

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

    @Test
    void importsGoodJsonLinesReportsBadOnesByLineAndIsIdempotent() {
        var person = TestData.customerNumber();
        var company = TestData.customerNumber();
        var personnummer = TestData.personnummer();
        var organisationsnummer = TestData.organisationsnummer();
        var lines = String.join(
                "\n",
                json(person, "PRIVATE_PERSON", "Tolvan Tolvansson", personnummer, "tolvan@example.se"),
                json(TestData.customerNumber(), "PRIVATE_PERSON", "Fel Kontrollsiffra", "19121212-1213", null),
                "",
                json(company, "COMPANY", "Västkustens Kraft AB", organisationsnummer.substring(2), null),
                "{\"customerNumber\": \"12\", broken",
                json(TestData.customerNumber(), "COMPANY", "Person som företag", TestData.personnummer(), null),
                json(TestData.customerNumber(), "PRIVATE_PERSON", "Dålig Adress", TestData.personnummer(), "a@b"),
                json(TestData.customerNumber(), "ALIEN", "Okänd Typ", TestData.personnummer(), null),
                json("12ab", "PRIVATE_PERSON", "Dåligt Kundnummer", TestData.personnummer(), null),
                json(TestData.customerNumber(), "PRIVATE_PERSON", " ", TestData.personnummer(), null));

        var first = api.postText("/internal/customers/import", OPERATIONS, "application/x-ndjson", lines);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("imported").asInt()).isEqualTo(2);
        assertThat(first.json().get("unchanged").asInt()).isZero();
        assertThat(lines(first.json().get("rejected"))).containsExactly(2, 5, 6, 7, 8, 9, 10);
        var reasons = first.json()
                .get("rejected")
                .valueStream()
                .map(r -> r.get("reason").asString())
                .toList();
        assertThat(reasons.get(0)).startsWith("identityNumber: Kontrollsiffran");
        assertThat(reasons.get(1)).contains("JSON");
        assertThat(reasons.get(2)).contains("organisationsnummer");
        assertThat(reasons.get(3)).startsWith("email:");
        assertThat(reasons.get(4)).startsWith("type:");
        assertThat(reasons.get(5)).startsWith("customerNumber:");
        assertThat(reasons.get(6)).startsWith("name:");
        assertThat(first.text()).doesNotContain("19121212").doesNotContain("a@b");
        var stored = customers.get(new CustomerNumber(company));
        assertThat(stored.type()).isEqualTo(CustomerType.COMPANY);
        assertThat(stored.identityNumber().twelveDigits()).isEqualTo(organisationsnummer);
        assertThat(stored.name()).isEqualTo("Västkustens Kraft AB");
        assertThat(customers.get(new CustomerNumber(person)).emailRegisteredAt())
                .isNotNull();
        assertThat(eventTypes(person)).containsExactly("EmailRegistered");

        var again = api.postText("/internal/customers/import", OPERATIONS, "application/x-ndjson", lines);

        assertThat(again.json().get("imported").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(2);
        assertThat(customers.get(new CustomerNumber(person)).version()).isZero();
        assertThat(eventTypes(person)).containsExactly("EmailRegistered");
    }

    /** Found by the bad-input corpus: a first line past the look-ahead answered 500 (the reader's mark was lost). */
    @Test
    void aFirstLineLongerThanTheLookAheadIsReportedNotA500() {
        var huge = "{\"name\":\"" + "a".repeat(3_000_000) + "\"}\n"
                + json(TestData.customerNumber(), "PRIVATE_PERSON", "Efter Den Långa", TestData.personnummer(), null);

        var answer = api.postText("/internal/customers/import", OPERATIONS, "application/x-ndjson", huge);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("imported").asInt()).isZero();
        assertThat(lines(answer.json().get("rejected"))).containsExactly(1);
        assertThat(answer.json().get("rejected").get(0).get("reason").asString())
                .contains("importen avbröts");
    }

    @Test
    void importsCsvWithAHeaderSemicolonsAndQuotesAndUpdatesChangedRows() {
        var number = TestData.customerNumber();
        var personnummer = TestData.personnummer();
        var csv = """
                customerNumber;type;name;identityNumber;email
                %s;SOLE_TRADER;"Anna Anderssons Elinstallation; Karlstad";%s;
                %s;SOLE_TRADER;Utan kolumner
                """.formatted(number, personnummer, TestData.customerNumber());

        var first = api.postText("/internal/customers/import", OPERATIONS, "text/csv", csv);
        var renamed = api.postText(
                "/internal/customers/import",
                OPERATIONS,
                "text/csv",
                csv.replace("\"Anna Anderssons Elinstallation; Karlstad\"", "\"Anna \"\"Elfixaren\"\" Andersson\""));

        assertThat(first.json().get("imported").asInt()).isEqualTo(1);
        assertThat(lines(first.json().get("rejected"))).containsExactly(3);
        assertThat(renamed.json().get("imported").asInt()).isEqualTo(1);
        var stored = customers.get(new CustomerNumber(number));
        assertThat(stored.name()).isEqualTo("Anna \"Elfixaren\" Andersson");
        assertThat(stored.type()).isEqualTo(CustomerType.SOLE_TRADER);
        assertThat(stored.email()).isNull();
        assertThat(stored.version()).isEqualTo(1);
    }

    @Test
    void aQuotedCellOverSeveralLinesIsOneRowAndTheLinesAfterItKeepTheirNumbers() {
        var good = TestData.customerNumber();
        var csv = """
                customerNumber,type,name,identityNumber,email,street,postalCode,city
                %s,PRIVATE_PERSON,"Anna
                Andersson",%s,,Storgatan 1,652 25,Karlstad
                %s,PRIVATE_PERSON,Bo Ek,%s,,"Storgatan 2, lgh 1102",652 25,Karlstad
                %s,PRIVATE_PERSON,"Cilla utan slut,%s,,,,
                """.formatted(
                        TestData.customerNumber(),
                        TestData.personnummer(),
                        good,
                        TestData.personnummer(),
                        TestData.customerNumber(),
                        TestData.personnummer());

        var result = api.postText("/internal/customers/import", OPERATIONS, "text/csv", csv);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().get("imported").asInt()).isEqualTo(1);
        assertThat(lines(result.json().get("rejected"))).containsExactly(2, 5);
        assertThat(result.json().get("rejected").get(0).get("reason").asString())
                .startsWith("name:");
        assertThat(result.json().get("rejected").get(1).get("reason").asString())
                .contains("citattecken");
        assertThat(customers.get(new CustomerNumber(good)).postalAddress().street())
                .isEqualTo("Storgatan 2, lgh 1102");
    }

    @Test
    void neverOverwritesAnAddressTheCustomerRegistered() {
        var number = TestData.customerNumber();
        var personnummer = TestData.personnummer();
        api.postText(
                "/internal/customers/import",
                OPERATIONS,
                "application/x-ndjson",
                json(number, "PRIVATE_PERSON", "Sven Svensson", personnummer, "sven@example.se"));

        var reimport = api.postText(
                "/internal/customers/import",
                OPERATIONS,
                "application/x-ndjson",
                json(number, "PRIVATE_PERSON", "Sven Svensson", personnummer, "annan@example.se") + "\n"
                        + json(number, "PRIVATE_PERSON", "Sven Svensson", personnummer, null));

        assertThat(reimport.json().get("unchanged").asInt()).isEqualTo(2);
        assertThat(customers.get(new CustomerNumber(number)).email().value()).isEqualTo("sven@example.se");
    }

    @Test
    void importsTheDemoFileAtStartUpThroughTheSameImport(@Autowired CustomerImport customerImport) throws Exception {
        var demo = Path.of("../local-stack/src/main/resources/demo/customers.jsonl");
        var properties = new ImportProperties(demo.toString());

        new StartupImport(customerImport, properties).run(null);
        new StartupImport(customerImport, properties).run(null);

        assertThat(customers.get(new CustomerNumber("100003")).identityNumber().formatted())
                .isEqualTo("16556677-8899");
        assertThat(customers.findByIdentityNumber(
                        customers.get(new CustomerNumber("100004")).identityNumber()))
                .hasSize(2);
        assertThat(Files.readAllLines(demo)).hasSize(7);
        assertThat(customers.count()).isGreaterThanOrEqualTo(7);
    }

    private static String json(String number, String type, String name, String identityNumber, String email) {
        return "{\"customerNumber\":\"%s\",\"type\":\"%s\",\"name\":\"%s\",\"identityNumber\":\"%s\",\"email\":%s}"
                .formatted(number, type, name, identityNumber, email == null ? "null" : "\"" + email + "\"");
    }

    private static java.util.List<Integer> lines(JsonNode rejected) {
        return rejected.valueStream().map(r -> r.get("line").asInt()).toList();
    }

    private java.util.List<String> eventTypes(String customerNumber) {
        return jdbc.sql("select message_type from outbox where message_key = ? order by id")
                .param(customerNumber)
                .query(String.class)
                .list();
    }
}
