package se.teknikivast.minasidor.customer.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import se.teknikivast.minasidor.events.CustomerEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes customer events into the outbox table in the caller's transaction, so an event exists if and only if the
 * change it describes committed. {@link OutboxRelay} publishes it after commit.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OutboxProperties properties;
    private final OutboxRelay relay;
    private final Clock clock;

    Outbox(JdbcClient jdbc, JsonMapper json, OutboxProperties properties, OutboxRelay relay, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.relay = relay;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(CustomerEvent event) {
        jdbc.sql("""
                        insert into outbox (event_id, topic, message_key, event_type, payload, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        event.id(),
                        properties.topic(),
                        event.customerNumber(),
                        event.type(),
                        json.writeValueAsString(event),
                        Timestamp.from(clock.instant()))
                .update();
        // Publish right after commit instead of waiting for the next poll.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
