package se.teknikivast.minasidor.customer.outbox;

import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.events.CustomerEvent;
import se.teknikivast.minasidor.outbox.Outbox;
import se.teknikivast.minasidor.outbox.OutboxMessage;
import se.teknikivast.minasidor.outbox.TransactionalOutbox;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customer events for {@code customer.events.v1}, written into the shared transactional outbox in the caller's
 * transaction, so an event exists if and only if the change it describes committed; the outbox's relay publishes it
 * after commit, keyed by customer number.
 */
@Component
@Import(TransactionalOutbox.class)
public class CustomerEvents {

    private final Outbox outbox;
    private final JsonMapper json;
    private final String topic;

    CustomerEvents(Outbox outbox, JsonMapper json, CustomerEventsProperties properties) {
        this.outbox = outbox;
        this.json = json;
        this.topic = properties.topic();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(CustomerEvent event) {
        outbox.append(new OutboxMessage(
                event.id(),
                topic,
                event.customerNumber(),
                event.type(),
                json.writeValueAsString(event),
                event.occurredAt()));
    }
}
