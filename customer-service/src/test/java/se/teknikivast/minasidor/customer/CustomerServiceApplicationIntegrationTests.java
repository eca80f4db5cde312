package se.teknikivast.minasidor.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.web.client.RestClient;
import se.teknikivast.minasidor.customer.support.CustomerServiceIntegrationTest;

@CustomerServiceIntegrationTest
class CustomerServiceApplicationIntegrationTests {

    @Value("${local.server.port}")
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void isReadyAndExportsPrometheusMetricsOnTheManagementPortOnly() {
        var onPublicPort = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/prometheus")
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(onPublicPort).as("/actuator/prometheus on the public port").isGreaterThanOrEqualTo(400);

        var client = RestClient.create("http://localhost:" + managementPort);

        var readiness =
                client.get().uri("/actuator/health/readiness").retrieve().body(String.class);
        assertThat(readiness).contains("\"status\":\"UP\"");

        var metrics = client.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics)
                .contains("jvm_memory_used_bytes")
                .contains("application=\"customer-service\"")
                // Registered up front (with zeros until the first registration), so the registration dashboard has
                // data.
                .containsPattern(
                        "minasidor_registrations_total\\{application=\"customer-service\",outcome=\"pending\"} \\d")
                .containsPattern(
                        "minasidor_registrations_total\\{application=\"customer-service\",outcome=\"proven\"} \\d")
                .containsPattern(
                        "minasidor_registrations_total\\{application=\"customer-service\",outcome=\"other-email-registered\"} \\d");
    }
}
