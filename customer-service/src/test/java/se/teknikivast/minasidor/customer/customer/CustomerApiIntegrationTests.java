package se.teknikivast.minasidor.customer.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import se.teknikivast.minasidor.customer.support.Api;
import se.teknikivast.minasidor.customer.support.CustomerServiceIntegrationTest;
import se.teknikivast.minasidor.customer.support.Seed;
import se.teknikivast.minasidor.customer.support.TestTokens;
import se.teknikivast.minasidor.resourceserver.test.ApiDocumentation;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/** Reading customers, and who may call what: 401 without a valid token, 403 without the scope. */
@CustomerServiceIntegrationTest
class CustomerApiIntegrationTests {

    static final String READER = TestTokens.client("example-team", "customers.read");
    static final String NO_SCOPES = TestTokens.client("someone");

    @Value("${local.server.port}")
    int port;

    @Autowired
    Customers customers;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    void findsACustomerByNumber() {
        var seeded = Seed.company(customers, "ekonomi@example.se");

        var response = api.get("/internal/customers/" + seeded.customerNumber(), READER);

        assertThat(response.status()).isEqualTo(200);
        var customer = response.json();
        assertThat(customer.get("customerNumber").asString()).isEqualTo(seeded.customerNumber());
        assertThat(customer.get("type").asString()).isEqualTo("COMPANY");
        assertThat(customer.get("identityNumber").asString()).isEqualTo(seeded.identityNumber());
        assertThat(customer.get("name").asString()).isEqualTo("Test AB");
        assertThat(customer.get("email").asString()).isEqualTo("ekonomi@example.se");
    }

    @Test
    void answersAnUnknownCustomerWithAProblem() {
        var response = api.get("/internal/customers/999999999", READER);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("customer-not-found");
        assertThat(api.get("/internal/customers/12ab", READER)
                        .json()
                        .get("code")
                        .asString())
                .isEqualTo("invalid-customer-number");
    }

    @Test
    void findsEveryCustomerOfAPersonWhateverSpellingOfTheNumber() {
        var first = Seed.person(customers, null);
        var second = Seed.insert(
                customers, CustomerType.PRIVATE_PERSON, first.identityNumber(), "Sommarstugan", "lisa@example.se");
        var twelve = first.identityNumber();

        for (var spelling : new String[] {
            twelve,
            twelve.substring(0, 8) + "-" + twelve.substring(8),
            twelve.substring(2, 8) + "-" + twelve.substring(8)
        }) {
            var response = api.post("/internal/customers/search", READER, Map.of("identityNumber", spelling));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json()
                            .get("customers")
                            .valueStream()
                            .map(c -> c.get("customerNumber").asString()))
                    .containsExactly(first.customerNumber(), second.customerNumber());
        }
    }

    @Test
    void searchesWithAnEmptyAnswerOrA400() {
        var nobody = api.post("/internal/customers/search", READER, Map.of("identityNumber", "19660606-4589"));
        var invalid = api.post("/internal/customers/search", READER, Map.of("identityNumber", "19660606-4588"));

        assertThat(nobody.status()).isEqualTo(200);
        assertThat(nobody.json().get("customers").isEmpty()).isTrue();
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("code").asString()).isEqualTo("invalid-identity-number");
        assertThat(invalid.json().get("detail").asString()).startsWith("Kontrollsiffran");
    }

    @Test
    void showsTheLoggedInCustomerTheirOwnRecordWithTheAddressMasked() {
        var seeded = Seed.person(customers, "tolvan@example.se");

        var response = api.get("/api/customers/me", TestTokens.customer(seeded.customerNumber()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("customerNumber").asString()).isEqualTo(seeded.customerNumber());
        assertThat(response.json().get("type").asString()).isEqualTo("PRIVATE_PERSON");
        assertThat(response.json().get("maskedEmail").asString()).isEqualTo("t***@example.se");
        assertThat(response.text()).doesNotContain("tolvan@").doesNotContain(seeded.identityNumber());
    }

    /** Issue 15: a token is for the services its {@code aud} names, whatever scopes it carries. */
    @Test
    void refusesATokenForAnotherServiceEvenWithTheRightScopeWith401() {
        var seeded = Seed.person(customers, null);
        for (var audience : List.of("bankid-adapter", "notification-service", "example-team")) {
            var token = TestIssuer.get().client("example-team", audience, "customers.read");

            var response = api.get("/internal/customers/" + seeded.customerNumber(), token);

            assertThat(response.status()).as(audience).isEqualTo(401);
            assertThat(response.json().get("code").asString()).isEqualTo("unauthorized");
        }
        var customerForTheGateway = TestIssuer.get()
                .token()
                .subject(seeded.customerNumber())
                .audience("mina-sidor-gateway")
                .scopes("openid", "profile", "customer")
                .mint();
        assertThat(api.get("/api/customers/me", customerForTheGateway).status()).isEqualTo(401);
    }

    /** A team's token, even one whose subject looks like a customer number, never reads a customer's own data. */
    @Test
    void refusesAClientCredentialsTokenAtTheCustomersOwnApiWith403() {
        var seeded = Seed.person(customers, null);
        var team = TestIssuer.get()
                .client(seeded.customerNumber(), "customer-service", "customers.read", "customers.admin");

        for (var token : List.of(team, READER)) {
            var response = api.get("/api/customers/me", token);

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().get("code").asString()).isEqualTo("forbidden");
        }
    }

    @Test
    void refusesACustomersTokenAtTheInternalApisWith403() {
        var seeded = Seed.person(customers, null);
        var customer = TestTokens.customer(seeded.customerNumber());

        assertThat(api.get("/internal/customers/" + seeded.customerNumber(), customer)
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/internal/customers/search", customer, Map.of("identityNumber", seeded.identityNumber()))
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/internal/customers/" + seeded.customerNumber() + "/email-changes", customer)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void refusesRequestsWithoutAValidTokenWith401() {
        var expired = TestTokens.mint(
                "auth-service", TestTokens.ISSUER, Instant.now().minus(Duration.ofMinutes(10)), "customers.read");
        var otherIssuer = TestTokens.mint(
                "auth-service", "http://evil.example/auth", Instant.now().plusSeconds(300), "customers.read");

        for (var token : new String[] {null, "not-a-jwt", expired, otherIssuer}) {
            var response = api.get("/internal/customers/100001", token);

            assertThat(response.status()).as("token %s", token).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.wwwAuthenticate()).startsWith("Bearer");
            assertThat(response.json().get("code").asString()).isEqualTo("unauthorized");
            assertThat(response.json().get("type").asString())
                    .isEqualTo("https://teknikivast.se/problems/unauthorized");
        }
    }

    /** The service keeps tokens it has verified (VerifiedTokenCache); a changed copy of one is still refused. */
    @Test
    void refusesATamperedCopyOfATokenItHasAcceptedWith401() {
        var seeded = Seed.person(customers, null);
        var path = "/internal/customers/" + seeded.customerNumber();
        var reader = TestTokens.client("example-team", "customers.read");
        assertThat(api.get(path, reader).status()).isEqualTo(200);
        var parts = reader.split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        var admin = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        payload.replace("customers.read", "customers.admin").getBytes(StandardCharsets.UTF_8));
        var tampered = parts[0] + "." + admin + "." + parts[2];

        var response = api.get(path + "/email-changes", tampered);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("code").asString()).isEqualTo("unauthorized");
        assertThat(api.get(path, reader).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource(textBlock = """
            GET,  /internal/customers/100001,        customers.read
            POST, /internal/customers/search,        customers.read
            POST, /internal/registrations,           customers.register
            PUT,  /internal/customers/100001/email,  customers.admin
            POST, /internal/customers/import,        customers.admin
            """)
    void refusesCallsWithoutTheScopeWith403(String method, String path, String scope) {
        var wrongScopes =
                TestTokens.client("example-team", "customers.read".equals(scope) ? "bankid" : "customers.read");

        for (var token : new String[] {NO_SCOPES, wrongScopes}) {
            var response = switch (method) {
                case "GET" -> api.get(path, token);
                case "PUT" -> api.put(path, token, Map.of("email", "a@example.se", "reason", "test"));
                default -> api.post(path, token, Map.of());
            };

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("code").asString()).isEqualTo("forbidden");
        }
    }

    @Test
    void publishesAnOpenApiDocumentOfEveryEndpointItServes() {
        var response = api.get(ApiDocumentation.PATH, null);

        assertThat(response.status())
                .as("GET %s without a token", ApiDocumentation.PATH)
                .isEqualTo(200);
        assertThat(ApiDocumentation.endpointsIn(response.json()))
                .contains("GET /internal/customers/{customerNumber}", "POST /internal/customers/search")
                .containsExactlyInAnyOrderElementsOf(ApiDocumentation.endpointsOf(context, List.of()));
        assertThat(ApiDocumentation.requestBodiesIn(response.json()))
                .as("each operation's documented JSON body has the members its record reads")
                .isNotEmpty()
                .isEqualTo(ApiDocumentation.requestBodiesOf(context, List.of()));
    }
}
