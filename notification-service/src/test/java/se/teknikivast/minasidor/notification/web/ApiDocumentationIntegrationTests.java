package se.teknikivast.minasidor.notification.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import se.teknikivast.minasidor.notification.NotificationIntegrationTest;
import se.teknikivast.minasidor.resourceserver.test.ApiDocumentation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operations API's OpenAPI document, open without a token, names exactly the endpoints that run. */
@NotificationIntegrationTest
class ApiDocumentationIntegrationTests {

    @Value("${local.server.port}")
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void publishesAnOpenApiDocumentOfEveryEndpointItServes() {
        var response = RestClient.create("http://localhost:" + port)
                .get()
                .uri(ApiDocumentation.PATH)
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, answer) -> {})
                .toEntity(String.class);

        assertThat(response.getStatusCode().value())
                .as("GET %s without a token", ApiDocumentation.PATH)
                .isEqualTo(200);
        JsonNode document = JsonMapper.shared().readTree(response.getBody());
        assertThat(document.path("openapi").asString()).startsWith("3.");
        assertThat(ApiDocumentation.endpointsIn(document))
                .contains("GET /internal/deliveries", "POST /internal/deliveries/{id}/redrive")
                .containsExactlyInAnyOrderElementsOf(ApiDocumentation.endpointsOf(context, List.of()));
    }
}
