package se.teknikivast.minasidor.customer.registration;

/**
 * Unknown customer number or an identity number that is not the customer's. Deliberately one exception for both, so
 * no answer tells a stranger whether a customer number exists.
 */
public final class RegistrationDetailsMismatchException extends RuntimeException {

    public RegistrationDetailsMismatchException() {
        super("Customer number and identity number do not match");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
