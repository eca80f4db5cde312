package se.teknikivast.minasidor.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Events on {@link Topics#CUSTOMER_EVENTS}, keyed by customer number. Each JSON message names its {@code type} and
 * {@code version}; consumers de-duplicate on {@code id}. Addresses are carried masked: consumers that need the full
 * address ask customer-service.
 */
public sealed interface CustomerEvent {

    int VERSION = 1;

    UUID id();

    String type();

    String customerNumber();

    Instant occurredAt();

    /** A customer registered an e-mail address for the first time. */
    record EmailRegistered(
            UUID id, String type, int version, String customerNumber, String maskedEmail, Instant occurredAt)
            implements CustomerEvent {
        public static final String TYPE = "EmailRegistered";

        public static EmailRegistered of(String customerNumber, String maskedEmail, Instant occurredAt) {
            return new EmailRegistered(UUID.randomUUID(), TYPE, VERSION, customerNumber, maskedEmail, occurredAt);
        }
    }

    /** Customer service changed a customer's e-mail address. */
    record EmailChanged(
            UUID id,
            String type,
            int version,
            String customerNumber,
            String maskedOldEmail,
            String maskedNewEmail,
            String changedBy,
            Instant occurredAt)
            implements CustomerEvent {
        public static final String TYPE = "EmailChanged";

        public static EmailChanged of(
                String customerNumber,
                String maskedOldEmail,
                String maskedNewEmail,
                String changedBy,
                Instant occurredAt) {
            return new EmailChanged(
                    UUID.randomUUID(),
                    TYPE,
                    VERSION,
                    customerNumber,
                    maskedOldEmail,
                    maskedNewEmail,
                    changedBy,
                    occurredAt);
        }
    }
}
