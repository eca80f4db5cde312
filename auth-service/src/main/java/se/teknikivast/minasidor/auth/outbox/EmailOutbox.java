package se.teknikivast.minasidor.auth.outbox;

import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.events.AuthEvent;
import se.teknikivast.minasidor.events.EmailRequest;
import se.teknikivast.minasidor.events.LetterRequest;
import se.teknikivast.minasidor.outbox.Outbox;
import se.teknikivast.minasidor.outbox.OutboxMessage;
import se.teknikivast.minasidor.outbox.TransactionalOutbox;
import tools.jackson.databind.json.JsonMapper;

/**
 * auth-service's messages for Kafka, written into the shared transactional outbox inside the caller's transaction
 * (the token or the password change and its e-mail and event commit together or not at all), each to its topic,
 * keyed by customer number. Their payloads (recipients, one-time links, activation codes) are erased once Kafka has
 * them.
 */
@Component
@Import(TransactionalOutbox.class)
public class EmailOutbox {

    private final Outbox outbox;
    private final JsonMapper json;
    private final EmailOutboxProperties properties;

    EmailOutbox(Outbox outbox, JsonMapper json, EmailOutboxProperties properties) {
        this.outbox = outbox;
        this.json = json;
        this.properties = properties;
    }

    /** Must run inside the transaction that makes the request true. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(EmailRequest request) {
        outbox.append(new OutboxMessage(
                request.id(),
                properties.topic(),
                request.customerNumber(),
                request.type(),
                json.writeValueAsString(request),
                request.occurredAt()));
    }

    /**
     * Queues an event for {@code auth.events.v1} (e.g. {@link AuthEvent.PasswordChanged}, on which the gateway ends the
     * customer's sessions); like an e-mail request it must run inside the transaction that makes the event true, so it
     * is published exactly when the change commits, also when Kafka is down at that moment.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(AuthEvent event) {
        outbox.append(new OutboxMessage(
                event.id(),
                properties.authEventsTopic(),
                event.customerNumber(),
                event.type(),
                json.writeValueAsString(event),
                event.occurredAt()));
    }

    /** Queues a letter (an activation code to the postal address) in the caller's transaction, like an e-mail. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(LetterRequest request) {
        outbox.append(new OutboxMessage(
                request.id(),
                properties.letterTopic(),
                request.customerNumber(),
                request.type(),
                json.writeValueAsString(request),
                request.occurredAt()));
    }
}
