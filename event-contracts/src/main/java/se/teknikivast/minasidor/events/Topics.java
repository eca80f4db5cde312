package se.teknikivast.minasidor.events;

/** Kafka topic names. Records are keyed by customer number, so each customer's events stay in order. */
public final class Topics {

    /** E-mails to send: {@link EmailRequest}. Carries one-time links: keep retention short. */
    public static final String EMAIL_REQUESTS = "notification.email.v1";

    /** Dead letters of {@link #EMAIL_REQUESTS}: requests that could not be delivered, for operations to replay. */
    public static final String EMAIL_REQUESTS_DEAD_LETTER = "notification.email.v1.dlt";

    /** Letters to print and post: {@link LetterRequest}. Carries one-time activation codes: keep retention short. */
    public static final String LETTER_REQUESTS = "notification.letter.v1";

    /** Changes to customers: {@link CustomerEvent}. */
    public static final String CUSTOMER_EVENTS = "customer.events.v1";

    /** Security events from auth-service: {@link AuthEvent}, such as a password change that ends sessions. */
    public static final String AUTH_EVENTS = "auth.events.v1";

    private Topics() {}
}
