package se.teknikivast.minasidor.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One message for Kafka, as it waits in the outbox.
 *
 * @param id the message's id, sent as the {@code event-id} header; consumers de-duplicate on it
 * @param topic where it goes
 * @param key the record key (the customer number, so one customer's messages stay in order)
 * @param type the message type, sent as the {@code event-type} header
 * @param payload the JSON body
 * @param occurredAt when the change it describes happened
 */
public record OutboxMessage(UUID id, String topic, String key, String type, String payload, Instant occurredAt) {

    public OutboxMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
