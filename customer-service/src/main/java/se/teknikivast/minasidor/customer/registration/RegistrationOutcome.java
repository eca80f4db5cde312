package se.teknikivast.minasidor.customer.registration;

/** What a successful registration did. */
public enum RegistrationOutcome {
    /** The customer had no e-mail address; this one is now registered. */
    REGISTERED,
    /** The customer already had exactly this address (any case): the "forgotten password" case. */
    CONFIRMED
}
