package se.teknikivast.minasidor.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Events on {@link Topics#AUTH_EVENTS}, written by auth-service through its outbox and keyed by customer number. Each
 * JSON message names its {@code type} and {@code version}; consumers de-duplicate on {@code id}, and must ignore types
 * they do not know.
 */
public sealed interface AuthEvent {

    int VERSION = 1;

    UUID id();

    String type();

    String customerNumber();

    Instant occurredAt();

    /**
     * The customer's password was changed. Every session the customer had before {@code occurredAt} must end, in every
     * service that keeps one (docs/security.md: "After a password change, the customer's other sessions end").
     */
    record PasswordChanged(UUID id, String type, int version, String customerNumber, Instant occurredAt)
            implements AuthEvent {
        public static final String TYPE = "PasswordChanged";

        public static PasswordChanged of(String customerNumber, Instant occurredAt) {
            return new PasswordChanged(UUID.randomUUID(), TYPE, VERSION, customerNumber, occurredAt);
        }
    }
}
