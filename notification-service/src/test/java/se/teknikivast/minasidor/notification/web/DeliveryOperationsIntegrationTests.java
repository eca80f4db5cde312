package se.teknikivast.minasidor.notification.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.client.RestClient;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.notification.AuthServiceProducer;
import se.teknikivast.minasidor.notification.NotificationIntegrationTest;
import se.teknikivast.minasidor.notification.NotificationIntegrationTest.Tokens;
import se.teknikivast.minasidor.notification.delivery.Deliveries;
import se.teknikivast.minasidor.notification.delivery.DeliveryStatus;

@NotificationIntegrationTest
class DeliveryOperationsIntegrationTests {

    static final String LINK = "http://localhost:8080/auth/losenord/l/Zx8cV7bN6mA5sD4fG3hJ2kL1qW0eR9tY8uI7oP6aS5d";

    @Value("${local.server.port}")
    int port;

    @Value("${minasidor.notification.kafka.topic}")
    String topic;

    final KafkaTemplate<byte[], byte[]> kafka = AuthServiceProducer.template();

    @Autowired
    SmtpServer smtp;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Tokens tokens;

    RestClient client;

    @BeforeEach
    void client() {
        client = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
    }

    boolean smtpPaused;

    @AfterEach
    void smtpIsUp() {
        resumeSmtp();
    }

    void pauseSmtp() {
        smtp.pause();
        smtpPaused = true;
    }

    /** GreenMail cannot start twice: resume only what this test paused. */
    void resumeSmtp() {
        if (smtpPaused) {
            smtp.resume();
            smtpPaused = false;
        }
    }

    @Test
    void refusesCallersWithoutATokenOrWithoutTheScope() {
        var anonymous = client.get().uri("/internal/deliveries").retrieve().toEntity(String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        assertThat(anonymous.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(anonymous.getBody()).contains("\"code\":\"unauthorized\"");

        var wrongScope = get("/internal/deliveries", tokens.withScopes("customers.read"));
        assertThat(wrongScope.getStatusCode().value()).isEqualTo(403);
        assertThat(wrongScope.getBody()).contains("\"code\":\"forbidden\"");
    }

    /** Issue 15: a token is for the services its {@code aud} names, whatever scopes it carries. */
    @Test
    void refusesATokenForAnotherServiceEvenWithTheAdminScope() {
        for (var audience : java.util.List.of("customer-service", "bankid-adapter", "drift")) {
            var response = get("/internal/deliveries", tokens.forAudience(audience, "notifications.admin"));

            assertThat(response.getStatusCode().value()).as(audience).isEqualTo(401);
            assertThat(response.getBody()).contains("\"code\":\"unauthorized\"");
        }
    }

    /** A customer's token (the gateway's login) never opens the operations API. */
    @Test
    void refusesACustomersToken() {
        var customer =
                se.teknikivast.minasidor.resourceserver.test.TestIssuer.get().customer("100001");

        assertThat(get("/internal/deliveries", customer).getStatusCode().value())
                .isIn(401, 403);
    }

    @Test
    void answersBadInputWithProblemDetails() {
        var admin = tokens.withScopes("notifications.admin");
        var badStatus = get("/internal/deliveries?status=LOST", admin);
        assertThat(badStatus.getStatusCode().value()).isEqualTo(400);
        assertThat(badStatus.getBody())
                .contains("\"code\":\"invalid-status\"")
                .contains("https://teknikivast.se/problems/invalid-status");

        var badId = get("/internal/deliveries/not-a-uuid", admin);
        assertThat(badId.getStatusCode().value()).isEqualTo(400);

        var unknown = post("/internal/deliveries/" + UUID.randomUUID() + "/redrive", admin);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody()).contains("\"code\":\"delivery-not-found\"");
    }

    @Test
    void listsAGivenUpDeliveryAndRedrivesItOnceSmtpIsBack() throws Exception {
        var admin = tokens.withScopes("notifications.admin");
        var to = TestInfrastructure.uniqueName("kund") + "@example.se";
        var id = UUID.randomUUID();
        pauseSmtp();
        publish(id, to);

        // Retries stop after retry-for (8 s in these tests) and the delivery is given up.
        await().atMost(Duration.ofSeconds(40))
                .until(() -> deliveries
                        .findById(id)
                        .map(d -> d.status() == DeliveryStatus.FAILED)
                        .orElse(false));
        resumeSmtp();

        var failed = get("/internal/deliveries?status=FAILED", admin);
        assertThat(failed.getStatusCode().value()).isEqualTo(200);
        assertThat(failed.getBody())
                .contains(id.toString())
                .contains("Gave up after")
                .doesNotContain(to)
                .doesNotContain(LINK);

        var redriven = post("/internal/deliveries/" + id + "/redrive", admin);
        assertThat(redriven.getStatusCode().value()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> deliveries.findById(id).orElseThrow().status() == DeliveryStatus.SENT);
        assertThat(smtp.messages().stream().filter(m -> sentTo(m, to))).hasSize(1);

        var again = post("/internal/deliveries/" + id + "/redrive", admin);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody()).contains("\"code\":\"delivery-not-redrivable\"");
    }

    void publish(UUID id, String to) throws Exception {
        var json = """
                {"id":"%s","type":"password-setup","version":1,"to":"%s","locale":"sv","customerNumber":"100002",\
                "params":{"link":"%s","validMinutes":"60"},"occurredAt":"%s"}""".formatted(id, to, LINK, Instant.now());
        kafka.send(topic, "100002".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8))
                .get();
    }

    ResponseEntity<String> get(String uri, String token) {
        return client.get()
                .uri(uri)
                .header("Authorization", "Bearer " + token)
                .retrieve()
                .toEntity(String.class);
    }

    ResponseEntity<String> post(String uri, String token) {
        return client.post()
                .uri(uri)
                .header("Authorization", "Bearer " + token)
                .retrieve()
                .toEntity(String.class);
    }

    static boolean sentTo(jakarta.mail.internet.MimeMessage message, String to) {
        try {
            return message.getAllRecipients()[0].toString().equals(to);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
