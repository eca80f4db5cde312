package se.teknikivast.minasidor.bankid;

import java.util.Optional;

/** Swedish personal numbers as BankID wants them: 12 digits, checked by the Luhn digit. */
public final class PersonalNumbers {

    private PersonalNumbers() {}

    /** Accepts {@code ÅÅÅÅMMDD-XXXX} or {@code ÅÅÅÅMMDDXXXX}; answers the 12 digits. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var digits = text.trim().replace("-", "");
        if (!digits.matches("(19|20)\\d{10}") || !luhn(digits.substring(2))) {
            return Optional.empty();
        }
        return Optional.of(digits);
    }

    private static boolean luhn(String tenDigits) {
        int sum = 0;
        for (int i = 0; i < tenDigits.length(); i++) {
            int d = (tenDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d / 10 + d % 10;
        }
        return sum % 10 == 0;
    }
}
