package se.teknikivast.minasidor.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.web.client.RestClient;

@NotificationIntegrationTest
class NotificationServiceApplicationIntegrationTests {

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
                .contains("application=\"notification-service\"")
                .contains("notification_deliveries_unsent")
                // Before any mail: registered with zeros, so the dead-letter alert and the e-mail dashboard have data.
                .contains("notification_emails_dead_lettered_total{application=\"notification-service\","
                        + "reason=\"permanent\",type=\"password-setup\"} 0.0")
                .contains("notification_emails_delivery_seconds_bucket");
    }
}
