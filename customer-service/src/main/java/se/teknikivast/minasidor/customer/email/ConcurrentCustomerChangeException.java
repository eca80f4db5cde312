package se.teknikivast.minasidor.customer.email;

/** The customer changed between reading and writing (optimistic locking); the caller may try again. */
public final class ConcurrentCustomerChangeException extends RuntimeException {

    public ConcurrentCustomerChangeException() {
        super("The customer was changed concurrently");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
