package se.teknikivast.minasidor.auth.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import se.teknikivast.minasidor.events.AuthEvent;
import se.teknikivast.minasidor.events.EmailRequest;
import se.teknikivast.minasidor.events.LetterRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes e-mail requests and auth events into the {@code email_outbox} table as part of the caller's transaction (the
 * token or the password change and its e-mail and event commit together or not at all); {@link EmailOutboxRelay}
 * publishes them after commit, each row to its own topic, keyed by customer number.
 */
@Component
public class EmailOutbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EmailOutboxProperties properties;
    private final EmailOutboxRelay relay;

    EmailOutbox(JdbcClient jdbc, JsonMapper json, EmailOutboxProperties properties, EmailOutboxRelay relay) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.relay = relay;
    }

    /** Must run inside the transaction that makes the request true; the relay is woken when it commits. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(EmailRequest request) {
        insert(
                request.id(),
                properties.topic(),
                request.customerNumber(),
                request.type(),
                json.writeValueAsString(request),
                request.occurredAt());
    }

    /**
     * Queues an event for {@code auth.events.v1} (e.g. {@link AuthEvent.PasswordChanged}, on which the gateway ends the
     * customer's sessions); like an e-mail request it must run inside the transaction that makes the event true, so it
     * is published exactly when the change commits, also when Kafka is down at that moment.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(AuthEvent event) {
        insert(
                event.id(),
                properties.authEventsTopic(),
                event.customerNumber(),
                event.type(),
                json.writeValueAsString(event),
                event.occurredAt());
    }

    /** Queues a letter (an activation code to the postal address) in the caller's transaction, like an e-mail. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(LetterRequest request) {
        insert(
                request.id(),
                properties.letterTopic(),
                request.customerNumber(),
                request.type(),
                json.writeValueAsString(request),
                request.occurredAt());
    }

    private void insert(UUID id, String topic, String key, String type, String payload, Instant occurredAt) {
        jdbc.sql("""
                        insert into email_outbox (request_id, topic, message_key, request_type, payload, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, topic, key, type, payload, Timestamp.from(occurredAt))
                .update();
        relay.rememberTraceOf(id);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
