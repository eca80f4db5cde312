package se.teknikivast.minasidor.bankid;

import java.util.Optional;
import se.teknikivast.minasidor.identity.IdentityNumber;
import se.teknikivast.minasidor.identity.InvalidIdentityNumberException;

/**
 * Personal numbers as BankID takes them: twelve digits with the century, a person's (personnummer or
 * samordningsnummer), never a company's. Whether a number is valid (date, check digit) is swedish-identity's
 * {@link IdentityNumber}; this adds only BankID's form.
 */
public final class PersonalNumbers {

    private PersonalNumbers() {}

    /** Accepts {@code ÅÅÅÅMMDD-XXXX} or {@code ÅÅÅÅMMDDXXXX}; answers the 12 digits. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var digits = text.trim().replace("-", "");
        if (!digits.matches("(19|20)\\d{10}")) {
            return Optional.empty();
        }
        try {
            var number = IdentityNumber.parse(digits);
            return number.isOrganisation() ? Optional.empty() : Optional.of(number.twelveDigits());
        } catch (InvalidIdentityNumberException e) {
            return Optional.empty();
        }
    }
}
