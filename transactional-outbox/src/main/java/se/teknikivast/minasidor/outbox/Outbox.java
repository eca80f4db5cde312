package se.teknikivast.minasidor.outbox;

import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a message into the {@code outbox} table inside the caller's transaction, so the message exists exactly when
 * the change it describes committed; {@link OutboxRelay} publishes it after the commit (woken by it) or at its next
 * poll. The table, in each service's own database:
 *
 * <pre>
 * create table outbox (
 *     id           bigserial    primary key,
 *     message_id   uuid         not null unique,
 *     topic        varchar(200) not null,
 *     message_key  varchar(200) not null,
 *     message_type varchar(100) not null,
 *     payload      text,
 *     created_at   timestamptz  not null,
 *     published_at timestamptz,
 *     attempts     integer      not null default 0,
 *     last_error   varchar(500));
 * create index outbox_unpublished on outbox (id) where published_at is null;
 * </pre>
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final OutboxRelay relay;

    public Outbox(JdbcClient jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /** Must run inside the transaction that makes the message true. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(OutboxMessage message) {
        jdbc.sql("""
                        insert into outbox (message_id, topic, message_key, message_type, payload, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        message.id(),
                        message.topic(),
                        message.key(),
                        message.type(),
                        message.payload(),
                        Timestamp.from(message.occurredAt()))
                .update();
        relay.rememberTraceOf(message.id());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
