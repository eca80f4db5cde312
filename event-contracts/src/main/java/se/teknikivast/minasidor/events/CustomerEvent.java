package se.teknikivast.minasidor.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Events on {@link Topics#CUSTOMER_EVENTS}, keyed by customer number. Each JSON message names its {@code type} and
 * {@code version}; consumers de-duplicate on {@code id}. Addresses are carried masked, except in
 * {@link EmailChanged}: the old address exists nowhere else once it is changed, and auth-service must warn it (and the
 * new one). Never log a payload of this topic.
 */
public sealed interface CustomerEvent {

    int VERSION = 1;

    UUID id();

    String type();

    String customerNumber();

    Instant occurredAt();

    /** A customer's first e-mail address became their login address (proven, or imported). */
    record EmailRegistered(
            UUID id, String type, int version, String customerNumber, String maskedEmail, Instant occurredAt)
            implements CustomerEvent {
        public static final String TYPE = "EmailRegistered";

        public static EmailRegistered of(String customerNumber, String maskedEmail, Instant occurredAt) {
            return new EmailRegistered(UUID.randomUUID(), TYPE, VERSION, customerNumber, maskedEmail, occurredAt);
        }
    }

    /**
     * Customer service changed a customer's e-mail address. {@code oldEmail} and {@code newEmail} are the full
     * addresses ({@code oldEmail} null when there was none): links mailed before stop working, and both addresses are
     * told.
     */
    record EmailChanged(
            UUID id,
            String type,
            int version,
            String customerNumber,
            String maskedOldEmail,
            String maskedNewEmail,
            String oldEmail,
            String newEmail,
            String changedBy,
            Instant occurredAt)
            implements CustomerEvent {
        public static final String TYPE = "EmailChanged";

        public static EmailChanged of(
                String customerNumber,
                String maskedOldEmail,
                String maskedNewEmail,
                String oldEmail,
                String newEmail,
                String changedBy,
                Instant occurredAt) {
            return new EmailChanged(
                    UUID.randomUUID(),
                    TYPE,
                    VERSION,
                    customerNumber,
                    maskedOldEmail,
                    maskedNewEmail,
                    oldEmail,
                    newEmail,
                    changedBy,
                    occurredAt);
        }

        @Override
        public String toString() {
            return "EmailChanged[id=" + id + ", customerNumber=" + customerNumber + ", old=" + maskedOldEmail + ", new="
                    + maskedNewEmail + "]";
        }
    }

    /** Customer service cancelled a pending registration: its links and activation codes stop working. */
    record RegistrationCancelled(
            UUID id,
            String type,
            int version,
            String customerNumber,
            String maskedPendingEmail,
            String cancelledBy,
            Instant occurredAt)
            implements CustomerEvent {
        public static final String TYPE = "RegistrationCancelled";

        public static RegistrationCancelled of(
                String customerNumber, String maskedPendingEmail, String cancelledBy, Instant occurredAt) {
            return new RegistrationCancelled(
                    UUID.randomUUID(), TYPE, VERSION, customerNumber, maskedPendingEmail, cancelledBy, occurredAt);
        }
    }
}
