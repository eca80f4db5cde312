package se.teknikivast.minasidor.notification.templates;

/**
 * The request is well-formed JSON but can never be sent as it is (unknown type, missing or unsafe parameter, invalid
 * address): retrying cannot help, so it is dead-lettered at once. The message never contains the address or link.
 */
public class InvalidEmailRequestException extends RuntimeException {

    public InvalidEmailRequestException(String message) {
        super(message);
    }
}
