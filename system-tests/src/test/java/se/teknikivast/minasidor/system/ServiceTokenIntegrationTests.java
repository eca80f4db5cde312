package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static se.teknikivast.minasidor.system.RunningSystem.GATEWAY;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Internal teams as they are told to work in the README: a client-credentials token straight from auth-service
 * (ES256), then a call straight to a service; through the public gateway a team's secret gets no token. A token is for the services its
 * scopes name ({@code aud}) and for the endpoints its scopes open, nothing else.
 */
@ExtendWith(RunningSystem.class)
class ServiceTokenIntegrationTests {

    private static final String CUSTOMER_SERVICE = "http://localhost:8081";
    private static final String BANKID_ADAPTER = "http://localhost:8082";
    private static final String NOTIFICATION_SERVICE = "http://localhost:8083";

    private static final DemoClient DRIFT = DemoClient.DRIFT;
    private static final DemoClient KUNDSERVICE = DemoClient.KUNDSERVICE;
    private static final DemoClient EXAMPLE_TEAM = DemoClient.EXAMPLE_TEAM;
    private static final DemoClient AUTH_SERVICE_CLIENT = DemoClient.AUTH_SERVICE;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void the_operations_team_lists_failed_e_mails_with_a_token_from_auth_service() throws Exception {
        var token = DRIFT.token("notifications.admin");

        var deliveries = get(NOTIFICATION_SERVICE + "/internal/deliveries?status=FAILED&limit=10", token);

        assertThat(deliveries.statusCode()).as(deliveries.body()).isEqualTo(200);
        assertThat(JSON.readTree(deliveries.body()).has("deliveries")).isTrue();
    }

    @Test
    void a_token_names_the_services_its_scopes_are_for() throws Exception {
        assertThat(audience(EXAMPLE_TEAM.token("customers.read"))).containsExactly("customer-service");
        assertThat(audience(DRIFT.token("notifications.admin"))).containsExactly("notification-service");
        assertThat(audience(AUTH_SERVICE_CLIENT.token("bankid"))).containsExactly("bankid-adapter");
        assertThat(audience(AUTH_SERVICE_CLIENT.token("customers.read bankid")))
                .containsExactlyInAnyOrder("customer-service", "bankid-adapter");
    }

    @Test
    void a_token_for_one_service_is_refused_by_the_others() throws Exception {
        var customers = EXAMPLE_TEAM.token("customers.read");
        var operations = DRIFT.token("notifications.admin");
        var bankid = AUTH_SERVICE_CLIENT.token("bankid");

        assertThat(get(CUSTOMER_SERVICE + "/internal/customers/100003", customers)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(CUSTOMER_SERVICE + "/internal/customers/100003", operations)
                        .statusCode())
                .isIn(401, 403);
        assertThat(get(CUSTOMER_SERVICE + "/internal/customers/100003", bankid).statusCode())
                .isIn(401, 403);
        assertThat(get(NOTIFICATION_SERVICE + "/internal/deliveries", customers).statusCode())
                .isIn(401, 403);
        assertThat(get(NOTIFICATION_SERVICE + "/internal/deliveries", bankid).statusCode())
                .isIn(401, 403);
        var start = "{\"endUserIp\":\"192.0.2.1\",\"sameDevice\":false}";
        assertThat(post(BANKID_ADAPTER + "/api/identifications", customers, start)
                        .statusCode())
                .isIn(401, 403);
        assertThat(post(BANKID_ADAPTER + "/api/identifications", operations, start)
                        .statusCode())
                .isIn(401, 403);
    }

    /** Issue 16, finding 6: a leaked team secret is of no use from the internet. */
    @Test
    void a_teams_secret_gets_no_token_through_the_gateway() throws Exception {
        for (var client : List.of(KUNDSERVICE, EXAMPLE_TEAM, DRIFT)) {
            var refused = client.tokenResponse(GATEWAY, "");
            var wrongSecret = new DemoClient(client.id(), "not-the-secret").tokenResponse(GATEWAY, "");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(JSON.readTree(refused.body()).get("error").asString()).isEqualTo("unauthorized_client");
            assertThat(wrongSecret.statusCode()).isEqualTo(refused.statusCode());
            assertThat(wrongSecret.body()).isEqualTo(refused.body());
        }
    }

    @Test
    void a_client_credentials_token_cannot_read_a_customers_own_data() throws Exception {
        for (var token : List.of(EXAMPLE_TEAM.token("customers.read"), AUTH_SERVICE_CLIENT.token("customers.read"))) {
            var me = get(CUSTOMER_SERVICE + "/api/customers/me", token);

            assertThat(me.statusCode()).as(me.body()).isEqualTo(403);
            assertThat(me.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    private static List<String> audience(String token) {
        var payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
        JsonNode aud = JSON.readTree(payload).get("aud");
        var audiences = new ArrayList<String>();
        if (aud != null && aud.isArray()) {
            aud.forEach(value -> audiences.add(value.asString()));
        } else if (aud != null) {
            audiences.add(aud.asString());
        }
        return audiences;
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String token, String json)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
