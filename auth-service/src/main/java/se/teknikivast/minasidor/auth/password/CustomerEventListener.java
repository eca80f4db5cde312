package se.teknikivast.minasidor.auth.password;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.events.CustomerEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * customer-service's events that concern password links (customer.events.v1, keyed by customer number):
 * {@code EmailChanged} (customer service changed the address) voids the customer's unused links and tells the old and
 * the new address; {@code RegistrationCancelled} voids the links and activation codes of a pending registration. Once
 * per event id (table {@code processed_customer_events}), in one transaction with its effects; other types are
 * ignored. Notices only for changes younger than {@code NOTICE_HORIZON}: a new consumer group reading an old topic
 * must not mail customers about changes long past. A database failure is thrown, so the container retries.
 */
@Component
class CustomerEventListener {

    private static final Logger log = LoggerFactory.getLogger(CustomerEventListener.class);
    static final Duration NOTICE_HORIZON = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final PasswordSetupTokens tokens;
    private final ActivationCodes codes;
    private final CustomerNotices notices;
    private final Clock clock;

    CustomerEventListener(
            JdbcClient jdbc,
            JsonMapper json,
            PasswordSetupTokens tokens,
            ActivationCodes codes,
            CustomerNotices notices,
            Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.tokens = tokens;
        this.codes = codes;
        this.notices = notices;
        this.clock = clock;
    }

    @KafkaListener(
            id = "auth-service-customer-events",
            groupId = "${minasidor.customer-events.group-id:auth-service}",
            topics =
                    "${minasidor.customer-events.topic:" + se.teknikivast.minasidor.events.Topics.CUSTOMER_EVENTS + "}")
    @Transactional
    void onCustomerEvent(ConsumerRecord<String, String> record) {
        JsonNode event;
        try {
            event = json.readTree(record.value());
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn(
                    "Skipping an unreadable customer event at partition {} offset {}: {}",
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
            return;
        }
        var type = event.path("type").asString("");
        if (!CustomerEvent.EmailChanged.TYPE.equals(type) && !CustomerEvent.RegistrationCancelled.TYPE.equals(type)) {
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(event.path("id").asString(""));
        } catch (IllegalArgumentException e) {
            log.warn("Skipping a {} event without an id at offset {}", type, record.offset());
            return;
        }
        var customerNumber = event.path("customerNumber").asString("");
        if (customerNumber.isBlank() || !firstTime(id)) {
            return;
        }
        int voided = tokens.voidAll(customerNumber);
        if (CustomerEvent.RegistrationCancelled.TYPE.equals(type)) {
            int codesVoided = codes.voidAll(customerNumber);
            log.info(
                    "Pending registration of customer {} cancelled: voided {} link(s), {} activation code(s)",
                    customerNumber,
                    voided,
                    codesVoided);
            return;
        }
        var occurredAt = event.path("occurredAt").asString("");
        boolean recent = !occurredAt.isBlank()
                && java.time.Instant.parse(occurredAt).isAfter(clock.instant().minus(NOTICE_HORIZON));
        var oldEmail = text(event, "oldEmail");
        var newEmail = text(event, "newEmail");
        if (recent && newEmail != null) {
            notices.emailChanged(customerNumber, oldEmail, newEmail);
        }
        log.info(
                "E-mail of customer {} changed: voided {} link(s), {}",
                customerNumber,
                voided,
                recent && newEmail != null
                        ? "told the old and the new address"
                        : "no notice (old or incomplete event)");
    }

    private boolean firstTime(UUID id) {
        return jdbc.sql("""
                        insert into processed_customer_events (event_id, processed_at) values (?, ?)
                        on conflict (event_id) do nothing""").params(id, Timestamp.from(clock.instant())).update() == 1;
    }

    private static String text(JsonNode event, String field) {
        var node = event.path(field);
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
