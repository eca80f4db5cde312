package se.teknikivast.minasidor.identity;

/**
 * Input that is not a valid value of one of this package's types. The message is Swedish and safe to show to a
 * customer: it never repeats the input, so it can also be logged.
 *
 * <p>{@link #code()} is a stable problem code for the kind of value (for {@code ProblemDetail} types), {@link
 * #reasonCode()} names the exact rule that refused the input.
 */
public abstract sealed class InvalidValueException extends IllegalArgumentException
        permits InvalidIdentityNumberException, InvalidCustomerNumberException, InvalidEmailAddressException {

    InvalidValueException(String swedishMessage) {
        super(swedishMessage);
    }

    /** A stable code for the kind of value, e.g. {@code invalid-identity-number}. */
    public abstract String code();

    /** The name of the refusing rule, e.g. {@code CHECK_DIGIT}. */
    public abstract String reasonCode();

    /** Values are refused in normal operation; a stack trace would only fill the logs. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
