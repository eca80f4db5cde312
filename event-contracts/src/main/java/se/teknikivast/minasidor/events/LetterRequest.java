package se.teknikivast.minasidor.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to send a customer a paper letter, on {@link Topics#LETTER_REQUESTS}: rendered as a PDF into the print
 * queue that a print house collects. Consumers make at most one letter per {@link #id} however often the request is
 * delivered.
 *
 * @param id unique per request; the idempotency key
 * @param type what to send, see {@link Type}
 * @param version the schema version of this message, {@value #VERSION}
 * @param customerNumber the customer the letter is for (also the record key)
 * @param recipient name and postal address, as on the envelope
 * @param locale {@code sv} or {@code en}
 * @param params values for the template, e.g. {@code code} and {@code validUntil} for an activation code
 * @param occurredAt when the request was made
 */
public record LetterRequest(
        UUID id,
        String type,
        int version,
        String customerNumber,
        Recipient recipient,
        String locale,
        Map<String, String> params,
        Instant occurredAt) {

    public static final int VERSION = 1;

    public LetterRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(customerNumber, "customerNumber");
        Objects.requireNonNull(recipient, "recipient");
        locale = locale == null ? "sv" : locale;
        params = params == null ? Map.of() : Map.copyOf(params);
        occurredAt = occurredAt == null ? Instant.now() : occurredAt;
    }

    /** The envelope's address block. */
    public record Recipient(String name, String street, String postalCode, String city) {
        @Override
        public String toString() {
            return "Recipient[***]";
        }
    }

    @Override
    public String toString() {
        return "LetterRequest[id=" + id + ", type=" + type + ", customerNumber=" + customerNumber + "]";
    }

    /** The kinds of letter, as written in {@link #type}. */
    public static final class Type {
        /**
         * A one-time activation code that proves a registration was made by someone who receives the customer's
         * post. Params: code, validUntil (ISO date).
         */
        public static final String ACTIVATION_CODE = "activation-code";

        private Type() {}
    }
}
