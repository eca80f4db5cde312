package se.teknikivast.minasidor.auth.login;

import java.time.Clock;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.IdentityNumber;
import se.teknikivast.minasidor.identity.InvalidValueException;

/**
 * What a customer typed in the "Kundnummer eller organisationsnummer" field, read the way the login guide explains
 * it: a customer number, or a company's organisation number written with 16 in front (hyphen optional).
 */
sealed interface LoginName {

    /** The account to check directly. */
    record Customer(CustomerNumber customerNumber) implements LoginName {}

    /** A company: resolved to its customer number through customer-service. */
    record Organisation(IdentityNumber organisationNumber) implements LoginName {}

    /** Something we recognise but cannot log in with here; the page explains what to do instead. */
    record Hint(Kind kind) implements LoginName {
        enum Kind {
            /** A valid 10-digit organisation number: "Skriv 16 före organisationsnumret". */
            ORGANISATION_WITHOUT_16,
            /** A personnummer or samordningsnummer: use Mobilt BankID or the customer number. */
            PERSONAL_NUMBER
        }
    }

    /** Nothing that could name an account; answered exactly like a wrong password. */
    record Unrecognised() implements LoginName {}

    static LoginName parse(String typed, Clock clock) {
        if (typed == null) {
            return new Unrecognised();
        }
        var text = typed.strip().replace(" ", "");
        var digits = text.replace("-", "").replace("+", "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Unrecognised();
        }
        boolean separated = digits.length() != text.length();
        if (digits.length() == 12 || digits.length() == 10 || separated) {
            try {
                var identity = IdentityNumber.parse(text, clock);
                if (identity.isOrganisation()) {
                    return digits.length() == 12 && digits.startsWith("16")
                            ? new Organisation(identity)
                            : new Hint(Hint.Kind.ORGANISATION_WITHOUT_16);
                }
                return new Hint(Hint.Kind.PERSONAL_NUMBER);
            } catch (InvalidValueException notAnIdentityNumber) {
                if (separated) {
                    return new Unrecognised();
                }
                // Fall through: ten digits that are no identity number may still be a customer number.
            }
        }
        try {
            return new Customer(CustomerNumber.parse(digits));
        } catch (InvalidValueException e) {
            return new Unrecognised();
        }
    }
}
