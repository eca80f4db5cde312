package se.teknikivast.minasidor.customer.registration;

/** The customer has another e-mail address; only customer service can change it. Never carries the stored address. */
public final class EmailAlreadyRegisteredException extends RuntimeException {

    public EmailAlreadyRegisteredException() {
        super("Another e-mail address is registered for this customer");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
