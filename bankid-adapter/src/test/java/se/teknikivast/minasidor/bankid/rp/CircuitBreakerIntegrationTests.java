package se.teknikivast.minasidor.bankid.rp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.bankid.support.AdapterHttp;
import se.teknikivast.minasidor.bankid.support.TestBeans;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/** BankID failing: the breaker opens within a handful of calls, shows in health and metrics, and closes again. */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@ActiveProfiles("simulator")
@WithRedis
@Import(TestBeans.class)
class CircuitBreakerIntegrationTests {

    static final int port = Ports.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> port);
        registry.add("minasidor.bankid.order.key-prefix", () -> TestInfrastructure.uniqueName("breaker") + ":");
        registry.add("minasidor.bankid.rp.breaker.wait-in-open-state", () -> "4s");
    }

    @LocalManagementPort
    int managementPort;

    @Test
    void opensOnRepeatedFailuresAnswersWithoutCallingBankIdAndClosesWhenBankIdIsBack() {
        var api = new AdapterHttp(port);
        var management = new AdapterHttp(managementPort, null);
        api.faults("internalError", -1);

        for (int i = 0; i < 5; i++) {
            assertThat(api.start(false).status()).isEqualTo(503);
        }
        assertThat(breaker(management).get("status").asString()).isEqualTo("DEGRADED");
        assertThat(breaker(management).get("details").get("state").asString()).isEqualTo("OPEN");
        assertThat(management.get("/actuator/prometheus").text())
                .contains(
                        "resilience4j_circuitbreaker_state{application=\"bankid-adapter\",name=\"bankid\",state=\"open\"} 1.0");

        // BankID is back, but an open breaker does not ask it: still unavailable, with the RFA5 text.
        api.faults("none", -1);
        var refused = api.start(false);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.get("code")).isEqualTo("bankid-unavailable");
        assertThat(refused.body().get("message").get("id").asString()).isEqualTo("RFA5");

        // After the wait, trial calls go through and close it.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> api.start(false).status() == 201);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            api.start(false);
            return breaker(management).get("details").get("state").asString().equals("CLOSED");
        });
        assertThat(breaker(management).get("status").asString()).isEqualTo("UP");
    }

    private static tools.jackson.databind.JsonNode breaker(AdapterHttp management) {
        return management.get("/actuator/health").body().get("components").get("bankIdCircuitBreaker");
    }
}
