package se.teknikivast.minasidor.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.notification.AuthServiceProducer;
import se.teknikivast.minasidor.notification.NotificationIntegrationTest;
import se.teknikivast.minasidor.notification.delivery.Deliveries;
import se.teknikivast.minasidor.notification.delivery.DeliveryStatus;

@NotificationIntegrationTest
class EmailDeliveryIntegrationTests {

    static final String LINK = "http://localhost:8080/auth/losenord/l/q9Xv2sJ0bXw3mE7kP4nR8tYz1aC6dF5gH0iK2lM3nO4";

    final KafkaTemplate<byte[], byte[]> kafka = AuthServiceProducer.template();

    @Autowired
    SmtpServer smtp;

    @Autowired
    Deliveries deliveries;

    @Autowired
    JdbcClient jdbc;

    @Value("${minasidor.notification.kafka.topic}")
    String topic;

    @Value("${minasidor.notification.kafka.dead-letter-topic}")
    String deadLetterTopic;

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
    void sendsOneSwedishPasswordSetupMailWithTheLink() throws Exception {
        var to = recipient();
        var id = publish(passwordSetup(UUID.randomUUID(), to, "sv"));

        var mail = awaitMailsTo(to, 1).getFirst();

        assertThat(mail.getSubject()).isEqualTo("Välj ditt lösenord till Mina sidor");
        assertThat(mail.getFrom()[0].toString())
                .contains("no-reply@teknikivast.se")
                .contains("Teknikiv");
        assertThat(mail.getMessageID()).isEqualTo("<" + id + "@teknikivast.se>");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        var text = part(mail, 0);
        var html = part(mail, 1);
        assertThat(text)
                .contains("Teknikiväst")
                .contains(LINK)
                .contains("Länken gäller i 60 minuter")
                .contains("0570-822 00")
                .contains("Har du inte bett om det här?")
                .contains("100001");
        assertThat(html)
                .contains("href=\"" + LINK + "\"")
                .contains("0570-822 00")
                .contains("lang=\"sv\"");

        var delivery = deliveries.findById(id).orElseThrow();
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.maskedRecipient()).startsWith(to.charAt(0) + "***@");
        assertThat(storedRequest(id))
                .as("the link and address are erased once sent")
                .isNull();
    }

    @Test
    void sendsTheEnglishTemplates() throws Exception {
        var to = recipient();
        publish(passwordSetup(UUID.randomUUID(), to, "en"));
        publish(request(UUID.randomUUID(), "password-changed", to, "en", Map.of()));

        var mails = awaitMailsTo(to, 2);

        assertThat(mails)
                .extracting(MimeMessage::getSubject)
                .containsExactlyInAnyOrder(
                        "Choose your password for Mina sidor", "Your password for Mina sidor has been changed");
        var setup = mails.stream()
                .filter(m -> subject(m).startsWith("Choose"))
                .findFirst()
                .orElseThrow();
        assertThat(part(setup, 0))
                .contains(LINK)
                .contains("valid for 60 minutes")
                .contains("Did you not ask for this?")
                .contains("0570-822 00");
        var changed = mails.stream()
                .filter(m -> subject(m).startsWith("Your password"))
                .findFirst()
                .orElseThrow();
        assertThat(part(changed, 0)).contains("Was it not you?").contains("0570-822 00");
    }

    @Test
    void sendsOneMailWhenKafkaDeliversTheSameRequestTwice() throws Exception {
        var to = recipient();
        var id = UUID.randomUUID();
        var request = passwordSetup(id, to, "sv");
        publish(request);
        publish(request);
        // Same key, same partition: once this later request is mailed, both copies above have been consumed.
        var marker = recipient();
        publish(request(UUID.randomUUID(), "password-changed", marker, "sv", Map.of()));

        // The senders work in parallel, so the marker's mail may go out before this one: wait for both, then for
        // the request's delivery to be recorded as sent, before counting.
        awaitMailsTo(marker, 1);
        awaitMailsTo(to, 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select status from deliveries where id = ?")
                        .param(id)
                        .query(String.class)
                        .optional()
                        .filter("SENT"::equals)
                        .isPresent());
        assertThat(jdbc.sql("select count(*) from deliveries where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(mailsTo(to)).hasSize(1);
    }

    @Test
    void retriesWhileSmtpIsDownAndSendsExactlyOnceWhenItIsBack() throws Exception {
        var to = recipient();
        pauseSmtp();
        var id = publish(passwordSetup(UUID.randomUUID(), to, "sv"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var delivery = deliveries.findById(id).orElseThrow();
            assertThat(delivery.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(delivery.status()).isIn(DeliveryStatus.PENDING, DeliveryStatus.SENDING);
            assertThat(delivery.lastError()).contains("Connect");
        });
        resumeSmtp();

        awaitMailsTo(to, 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries.findById(id).orElseThrow().status() == DeliveryStatus.SENT);
        var settle = recipient();
        publish(request(UUID.randomUUID(), "password-changed", settle, "sv", Map.of()));
        awaitMailsTo(settle, 1);
        assertThat(mailsTo(to)).hasSize(1);
    }

    @Test
    void deadLettersARequestThatCanNeverBeSent() throws Exception {
        var id = publish(passwordSetup(UUID.randomUUID(), "inte-en-adress", "sv"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var delivery = deliveries.findById(id).orElseThrow();
            assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(delivery.lastError()).contains("not a valid address");
            assertThat(delivery.deadLetteredAt()).isNotNull();
        });
        var deadLetter = awaitDeadLetter(r -> header(r, "x-delivery-id").equals(id.toString()));
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).contains(id.toString());
        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("not a valid address");
    }

    @Test
    void deadLettersMalformedJsonWithoutHoldingUpLaterRequests() throws Exception {
        var garbage = "{\"id\": \"not-a-uuid\", \"type\": ".getBytes(StandardCharsets.UTF_8);
        kafka.send(topic, "100001".getBytes(StandardCharsets.UTF_8), garbage).get();
        var noVersion =
                "{\"id\":\"%s\",\"type\":\"password-changed\",\"to\":\"a@example.se\",\"customerNumber\":\"100001\"}"
                        .formatted(UUID.randomUUID())
                        .getBytes(StandardCharsets.UTF_8);
        kafka.send(topic, "100001".getBytes(StandardCharsets.UTF_8), noVersion).get();
        var to = recipient();
        publish(passwordSetup(UUID.randomUUID(), to, "sv"));

        awaitMailsTo(to, 1);
        awaitDeadLetter(r -> java.util.Arrays.equals(r.value(), garbage));
        awaitDeadLetter(r -> java.util.Arrays.equals(r.value(), noVersion));
    }

    // --- helpers ---

    static String recipient() {
        return TestInfrastructure.uniqueName("kund") + "@example.se";
    }

    static String passwordSetup(UUID id, String to, String locale) {
        return request(id, "password-setup", to, locale, Map.of("link", LINK, "validMinutes", "60"));
    }

    /** As auth-service writes it, plus a field this service does not know (it must be ignored). */
    static String request(UUID id, String type, String to, String locale, Map<String, String> params) {
        var paramsJson = new StringBuilder("{");
        params.forEach((k, v) -> paramsJson
                .append(paramsJson.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
        paramsJson.append('}');
        return """
                {"id":"%s","type":"%s","version":1,"to":"%s","locale":"%s","customerNumber":"100001",\
                "params":%s,"occurredAt":"%s","traceparent":"00-abc-def-01"}""".formatted(id, type, to, locale, paramsJson, Instant.now());
    }

    UUID publish(String json) throws Exception {
        var id = UUID.fromString(json.substring(7, 43));
        kafka.send(topic, "100001".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8))
                .get();
        return id;
    }

    List<MimeMessage> mailsTo(String to) {
        var found = new ArrayList<MimeMessage>();
        for (var message : smtp.messages()) {
            try {
                var recipients = message.getAllRecipients();
                if (recipients != null && recipients[0].toString().equals(to)) {
                    found.add(message);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    List<MimeMessage> awaitMailsTo(String to, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(to).size() >= count);
        return mailsTo(to);
    }

    ConsumerRecord<byte[], byte[]> awaitDeadLetter(java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> match) {
        // The test watches as the administrator, in a group of its own.
        var config = new java.util.HashMap<>(TestInfrastructure.kafka().clientProperties(KafkaAccess.ADMIN));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("dlt-reader"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(deadLetterTopic));
            var seen = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(match);
            });
            return seen.stream().filter(match).findFirst().orElseThrow();
        }
    }

    String storedRequest(UUID id) {
        return jdbc.sql("select request_json from deliveries where id = :id")
                .param("id", id)
                .query((rs, row) -> java.util.Optional.ofNullable(rs.getString(1)))
                .single()
                .orElse(null);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String part(MimeMessage message, int index) throws Exception {
        var multipart = (MimeMultipart) message.getContent();
        var part = multipart.getBodyPart(index);
        assertThat(part.getContentType()).startsWith(index == 0 ? "text/plain" : "text/html");
        return (String) part.getContent();
    }
}
