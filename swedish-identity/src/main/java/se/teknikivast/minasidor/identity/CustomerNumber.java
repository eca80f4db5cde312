package se.teknikivast.minasidor.identity;

import se.teknikivast.minasidor.identity.InvalidCustomerNumberException.Reason;

/**
 * A customer number as printed on the invoice: 1 to {@value #MAX_LENGTH} digits, e.g. {@code 100003}. It is also the
 * username of the password login and the {@code sub} of a customer's access token, so it is not secret.
 */
public record CustomerNumber(String value) {

    public static final int MAX_LENGTH = 10;

    public CustomerNumber {
        check(value);
    }

    /** Parses a customer number as typed; leading and trailing blanks are ignored. */
    public static CustomerNumber parse(String text) {
        return new CustomerNumber(text == null ? null : text.strip());
    }

    private static void check(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidCustomerNumberException(Reason.EMPTY);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidCustomerNumberException(Reason.NOT_DIGITS);
            }
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidCustomerNumberException(Reason.TOO_LONG);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
