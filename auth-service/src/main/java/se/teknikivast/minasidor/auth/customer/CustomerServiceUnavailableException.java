package se.teknikivast.minasidor.auth.customer;

/** customer-service did not answer usefully; the login page shows a "try again later" message. */
public class CustomerServiceUnavailableException extends RuntimeException {

    CustomerServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
