package se.teknikivast.minasidor.identity;

import java.util.Locale;
import se.teknikivast.minasidor.identity.InvalidEmailAddressException.Reason;

/**
 * An e-mail address a customer registered: checked syntax (a practical subset of RFC 5321/5322 without quoted local
 * parts or address literals), at most {@value #MAX_LENGTH} characters, no control characters, the domain in lower
 * case.
 *
 * <p>Two addresses are equal when they differ only in case: customers type {@code Anna@Example.se} one day and
 * {@code anna@example.se} the next and mean the same mailbox, and the registration rules treat them as the same
 * address. {@link #toString()} is masked ({@code a***@example.se}) so a full address cannot leak into a log line.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_PART_LENGTH = 64;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String LOCAL_PART_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private final String value;
    private final String comparable;

    private EmailAddress(String value) {
        this.value = value;
        this.comparable = value.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an address as typed; leading and trailing blanks are ignored.
     *
     * @throws InvalidEmailAddressException with the reason, if it is not an acceptable address
     */
    public static EmailAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw refused(Reason.EMPTY);
        }
        var address = text.strip();
        if (address.length() > MAX_LENGTH) {
            throw refused(Reason.TOO_LONG);
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                throw refused(Reason.CONTROL_CHARACTERS);
            }
        }
        for (int i = 0; i < address.length(); i++) {
            if (Character.isWhitespace(address.charAt(i)) || Character.isSpaceChar(address.charAt(i))) {
                throw refused(Reason.WHITESPACE);
            }
        }
        int at = address.indexOf('@');
        if (at < 0) {
            throw refused(Reason.MISSING_AT);
        }
        if (address.indexOf('@', at + 1) >= 0) {
            throw refused(Reason.MULTIPLE_AT);
        }
        var local = address.substring(0, at);
        var domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        checkLocalPart(local);
        checkDomain(domain);
        return new EmailAddress(local + "@" + domain);
    }

    private static void checkLocalPart(String local) {
        if (local.isEmpty()) {
            throw refused(Reason.LOCAL_PART_EMPTY);
        }
        if (local.length() > MAX_LOCAL_PART_LENGTH) {
            throw refused(Reason.LOCAL_PART_TOO_LONG);
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw refused(Reason.LOCAL_PART_INVALID);
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || LOCAL_PART_SPECIALS.indexOf(c) >= 0)) {
                throw refused(Reason.LOCAL_PART_INVALID);
            }
        }
    }

    private static void checkDomain(String domain) {
        if (domain.isEmpty()) {
            throw refused(Reason.DOMAIN_EMPTY);
        }
        if (!domain.contains(".")) {
            throw refused(Reason.DOMAIN_WITHOUT_DOT);
        }
        // Internationalised domain names (e.g. "båtvarv.se") are letters too, so letters are not limited to ASCII.
        for (var label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || label.startsWith("-") || label.endsWith("-")) {
                throw refused(Reason.DOMAIN_INVALID);
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-')) {
                    throw refused(Reason.DOMAIN_INVALID);
                }
            }
        }
        var topLevel = domain.substring(domain.lastIndexOf('.') + 1);
        if (topLevel.chars().allMatch(Character::isDigit)) {
            throw refused(Reason.DOMAIN_INVALID);
        }
    }

    private static InvalidEmailAddressException refused(Reason reason) {
        return new InvalidEmailAddressException(reason);
    }

    /** The address as typed, with the domain in lower case: the form to store and to send mail to. */
    public String value() {
        return value;
    }

    /** The whole address in lower case: the form to compare and to index on. */
    public String comparable() {
        return comparable;
    }

    public String localPart() {
        return value.substring(0, value.indexOf('@'));
    }

    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    /** {@code a***@example.se}: the first character of the local part, then the domain. */
    public String masked() {
        return value.substring(0, value.offsetByCodePoints(0, 1)) + "***@" + domain();
    }

    /** Case-insensitive over the whole address: see the class comment. */
    @Override
    public boolean equals(Object other) {
        return other instanceof EmailAddress that && comparable.equals(that.comparable);
    }

    @Override
    public int hashCode() {
        return comparable.hashCode();
    }

    /** Masked on purpose: see the class comment. */
    @Override
    public String toString() {
        return masked();
    }
}
