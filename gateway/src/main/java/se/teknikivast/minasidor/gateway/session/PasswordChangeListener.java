package se.teknikivast.minasidor.gateway.session;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.events.AuthEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A password change ends the customer's other sessions (docs/security.md): on {@code PasswordChanged} from
 * auth-service (auth.events.v1, keyed by customer number) every gateway session whose login came before the change is
 * deleted from Redis, whichever instance made it. Delivery is at least once; deleting is idempotent. Other event types
 * are ignored. A Redis failure is thrown, so the container retries the record with back-off (see
 * {@link KafkaConfiguration}); a malformed message is logged (without its content) and skipped.
 */
@Component
class PasswordChangeListener {

    private static final Logger log = LoggerFactory.getLogger(PasswordChangeListener.class);
    private static final Duration REDIS_BUDGET = Duration.ofSeconds(10);

    private final CustomerSessions sessions;
    private final JsonMapper json;

    PasswordChangeListener(CustomerSessions sessions, JsonMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    @KafkaListener(topics = "${minasidor.gateway.auth-events.topic}")
    void onAuthEvent(ConsumerRecord<String, String> record) {
        AuthEvent.PasswordChanged event;
        try {
            var tree = json.readTree(record.value());
            if (!AuthEvent.PasswordChanged.TYPE.equals(tree.path("type").asString())) {
                log.debug("Ignoring auth event of another type at offset {}", record.offset());
                return;
            }
            event = json.treeToValue(tree, AuthEvent.PasswordChanged.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            log.warn(
                    "Skipping an unreadable auth event at partition {} offset {}: {}",
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
            return;
        }
        if (event.customerNumber() == null || event.occurredAt() == null) {
            log.warn("Skipping an incomplete PasswordChanged event {}", event.id());
            return;
        }
        var ended = sessions.endLoginsBefore(event.customerNumber(), event.occurredAt())
                .block(REDIS_BUDGET);
        log.info(
                "Password of customer {} changed at {}: ended {} gateway session(s)",
                event.customerNumber(),
                event.occurredAt(),
                ended);
    }
}
