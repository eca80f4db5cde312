package se.teknikivast.minasidor.customer.registration;

/** The address is not the customer's pending one (never was, was replaced, cancelled, or the customer has a login). */
public final class RegistrationNotPendingException extends RuntimeException {

    public RegistrationNotPendingException() {
        super("No such pending registration");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
