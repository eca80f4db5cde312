package se.teknikivast.minasidor.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to e-mail a customer, on {@link Topics#EMAIL_REQUESTS}. Consumers send at most one e-mail per {@link #id}
 * however often the request is delivered.
 *
 * @param id unique per request; the idempotency key
 * @param type what to send, see {@link Type}
 * @param version the schema version of this message, {@value #VERSION}
 * @param to the recipient address
 * @param locale {@code sv} or {@code en}
 * @param customerNumber the customer the mail is about (also the record key)
 * @param params values for the template, e.g. {@code link} and {@code validMinutes} for a password-setup mail
 * @param occurredAt when the request was made
 */
public record EmailRequest(
        UUID id,
        String type,
        int version,
        String to,
        String locale,
        String customerNumber,
        Map<String, String> params,
        Instant occurredAt) {

    public static final int VERSION = 1;

    public EmailRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(customerNumber, "customerNumber");
        locale = locale == null ? "sv" : locale;
        params = params == null ? Map.of() : Map.copyOf(params);
        occurredAt = occurredAt == null ? Instant.now() : occurredAt;
    }

    /** The kinds of e-mail, as written in {@link #type}. */
    public static final class Type {
        /** The link to choose a password, after registration or "forgotten password". Params: link, validMinutes. */
        public static final String PASSWORD_SETUP = "password-setup";

        /** Confirmation that the password was changed. No params. */
        public static final String PASSWORD_CHANGED = "password-changed";

        /**
         * To the address on file: someone asked for a password link for this customer with another address, which
         * only customer service can change (tel 0570-822 00). No params.
         */
        public static final String OTHER_EMAIL_ENTERED = "other-email-entered";

        /**
         * To the old and to the new address after customer service changed the customer's e-mail address: links sent
         * before no longer work. Params: {@code role} = {@code old} or {@code new}.
         */
        public static final String EMAIL_CHANGED = "email-changed";

        private Type() {}
    }
}
