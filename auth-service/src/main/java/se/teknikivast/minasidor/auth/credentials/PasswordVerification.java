package se.teknikivast.minasidor.auth.credentials;

/** What checking a password told us. Callers show the same generic message for everything but {@link #VERIFIED}. */
public enum PasswordVerification {
    VERIFIED,
    /** Unknown customer or wrong password: deliberately one outcome. */
    REJECTED,
    /** Too many recent failures; the password was not even compared. */
    LOCKED
}
