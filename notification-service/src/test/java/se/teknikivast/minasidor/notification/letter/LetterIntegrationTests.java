package se.teknikivast.minasidor.notification.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import se.teknikivast.minasidor.events.LetterRequest;
import se.teknikivast.minasidor.notification.AuthServiceProducer;
import se.teknikivast.minasidor.notification.NotificationIntegrationTest;
import tools.jackson.databind.json.JsonMapper;

/** Letter requests from Kafka become PDFs in the print queue, once per request id, with what the customer needs. */
@NotificationIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LetterIntegrationTests {

    final KafkaTemplate<byte[], byte[]> kafka = AuthServiceProducer.template();

    @Autowired
    LetterProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void anActivationCodeLetterLandsInThePrintQueueOnceWithTheAddressAndTheCode(CapturedOutput output)
            throws Exception {
        var request = new LetterRequest(
                UUID.randomUUID(),
                LetterRequest.Type.ACTIVATION_CODE,
                LetterRequest.VERSION,
                "100007",
                new LetterRequest.Recipient("Bergslagens Bygg AB", "Bruksgatan 21", "682 30", "Filipstad"),
                "sv",
                Map.of("code", "ABCDE-FGH23", "validUntil", "2027-01-04"),
                Instant.parse("2026-12-05T10:00:00Z"));
        // An unusable request first (no address): skipped, and the good one behind it still goes through.
        send("100007", "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"activation-code\",\"customerNumber\":\"1\"}");
        send("100007", json.writeValueAsString(request));
        send("100007", json.writeValueAsString(request));

        var pdf = properties.printQueue().resolve(request.id() + ".pdf");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pdf));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from letters where id = ?")
                                .param(request.id())
                                .query(Long.class)
                                .single()
                        == 1);
        String text;
        try (var document = Loader.loadPDF(pdf.toFile())) {
            text = new PDFTextStripper().getText(document);
        }
        assertThat(text)
                .contains("Bergslagens Bygg AB")
                .contains("Bruksgatan 21")
                .contains("682 30  Filipstad")
                .contains("Din aktiveringskod till Mina sidor")
                .contains("ABCDE-FGH23")
                .contains("4 januari 2027")
                .contains("100007");
        assertThat(files(properties.printQueue()))
                .as("one letter for the request, no partial files")
                .hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().contains("Skipping an unusable letter request"));
        assertThat(output.getAll()).doesNotContain("ABCDE-FGH23").doesNotContain("Bruksgatan");
    }

    private void send(String key, String value) throws Exception {
        kafka.send(properties.topic(), key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))
                .get();
    }

    private static List<Path> files(Path folder) throws Exception {
        try (var files = Files.list(folder)) {
            return files.toList();
        }
    }
}
