package se.teknikivast.minasidor.customer.customer;

import se.teknikivast.minasidor.identity.CustomerNumber;

/** No customer has this number (only for callers allowed to know: never in the registration flow). */
public final class CustomerNotFoundException extends RuntimeException {

    public CustomerNotFoundException(CustomerNumber customerNumber) {
        super("No customer " + customerNumber);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
