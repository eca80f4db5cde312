package se.teknikivast.minasidor.customer.customer;

/** A token whose subject is not a customer number (e.g. a client-credentials token) asked for "me". */
public final class NotACustomerTokenException extends RuntimeException {

    public NotACustomerTokenException() {
        super("The token's subject is not a customer number");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
