package se.teknikivast.minasidor.customer.registration;

/** What a successful registration did. */
public enum RegistrationOutcome {
    /**
     * The customer has no login address: the one entered is now their pending address (replacing an earlier pending
     * one) until auth-service reports it proven.
     */
    PENDING,
    /** The customer already had exactly this login address (any case): the "forgotten password" case. */
    CONFIRMED
}
