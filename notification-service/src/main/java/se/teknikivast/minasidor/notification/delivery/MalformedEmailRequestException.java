package se.teknikivast.minasidor.notification.delivery;

/** The message is not a readable e-mail request: it goes straight to the dead-letter topic. */
public class MalformedEmailRequestException extends RuntimeException {

    public MalformedEmailRequestException(String message) {
        super(message);
    }
}
