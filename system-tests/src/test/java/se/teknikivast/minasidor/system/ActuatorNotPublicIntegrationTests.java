package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stranger counting lockouts: {@code minasidor_lockouts_total} and {@code minasidor_registrations_total} move
 * when a real customer number is tried, so whoever reads them learns which numbers exist. On the running system no
 * public port answers with metrics, through the gateway or on a service's own port; only the management ports do.
 */
@ExtendWith(RunningSystem.class)
class ActuatorNotPublicIntegrationTests {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thePublicOriginAnswersNotFoundForEveryActuatorPath() throws Exception {
        for (var path : List.of(
                "/actuator/prometheus",
                "/actuator/health",
                "/auth/actuator/prometheus",
                "/auth/actuator/health",
                "/auth/%61ctuator/prometheus")) {
            var response = get(RunningSystem.GATEWAY + path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("minasidor_");
        }
    }

    @Test
    void noServicePortAnswersWithMetrics() throws Exception {
        for (var url : List.of(
                "http://localhost:8081/actuator/prometheus",
                "http://localhost:8082/actuator/prometheus",
                "http://localhost:8083/actuator/prometheus",
                "http://localhost:9000/auth/actuator/prometheus",
                "http://localhost:9000/actuator/prometheus")) {
            var response = get(url);
            assertThat(response.statusCode()).as(url).isGreaterThanOrEqualTo(400);
            assertThat(response.body()).as(url).doesNotContain("minasidor_").doesNotContain("jvm_");
        }
    }

    @Test
    void theManagementPortsHaveTheMetrics() throws Exception {
        var auth = get(PrometheusEndpoints.ENDPOINTS.get("auth-service"));
        assertThat(auth.statusCode()).isEqualTo(200);
        assertThat(auth.body()).contains("minasidor_lockouts_total");
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
