package se.teknikivast.minasidor.auth.outbox;

import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import se.teknikivast.minasidor.events.EmailRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes e-mail requests into the {@code email_outbox} table as part of the caller's transaction (the token or the
 * password change and its e-mail commit together or not at all); {@link EmailOutboxRelay} publishes them after commit.
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
        jdbc.sql("""
                        insert into email_outbox (request_id, topic, message_key, request_type, payload, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        request.id(),
                        properties.topic(),
                        request.customerNumber(),
                        request.type(),
                        json.writeValueAsString(request),
                        Timestamp.from(request.occurredAt()))
                .update();
        relay.rememberTraceOf(request.id());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
