package se.teknikivast.minasidor.identity;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import se.teknikivast.minasidor.identity.InvalidIdentityNumberException.Reason;

/**
 * A Swedish identity number, always held as 12 digits: a personnummer or samordningsnummer ({@code ÅÅÅÅMMDDXXXX}) or
 * an organisationsnummer with the {@code 16} prefix ({@code 16XXXXXXXXXX}).
 *
 * <p>{@link #toString()} is masked ({@code 19121212-****}) so that an identity number cannot leak into a log line by
 * accident; use {@link #twelveDigits()} or {@link #formatted()} where the full number is really needed.
 */
public final class IdentityNumber {

    /** What kind of number this is. */
    public enum Kind {
        /** A personnummer: a person registered in Sweden. */
        PERSONNUMMER,
        /** A samordningsnummer: a person who is not (or not yet) registered in Sweden; the day is written + 60. */
        SAMORDNINGSNUMMER,
        /** An organisationsnummer of a legal person, with {@code 16} in front. */
        ORGANISATIONSNUMMER
    }

    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final String ORGANISATION_PREFIX = "16";
    private static final int SAMORDNING_DAY_OFFSET = 60;

    private final Kind kind;
    private final String twelveDigits;

    private IdentityNumber(Kind kind, String twelveDigits) {
        this.kind = kind;
        this.twelveDigits = twelveDigits;
    }

    /** Parses any accepted spelling, with today's date in Sweden for the century rules. */
    public static IdentityNumber parse(String text) {
        return parse(text, Clock.system(SWEDEN));
    }

    /** Parses any accepted spelling, with today's date from {@code clock} for the century rules. */
    public static IdentityNumber parse(String text, Clock clock) {
        return parse(text, LocalDate.now(clock));
    }

    /**
     * Parses {@code ÅÅÅÅMMDD-XXXX}, {@code ÅÅÅÅMMDDXXXX}, {@code ÅÅMMDD-XXXX}, {@code ÅÅMMDD+XXXX},
     * {@code ÅÅMMDDXXXX}, {@code 16XXXXXX-XXXX}, {@code 16XXXXXXXXXX} and {@code XXXXXX-XXXX} (organisation numbers,
     * normalised to the 16 form). Leading and trailing blanks are ignored.
     *
     * @param today the date the century rules of the 10-digit forms count from, and after which no one is born
     * @throws InvalidIdentityNumberException with the reason, if the text is not a valid identity number
     */
    public static IdentityNumber parse(String text, LocalDate today) {
        if (text == null || text.isBlank()) {
            throw refused(Reason.EMPTY);
        }
        var trimmed = text.strip();
        char separator = 0;
        int separatorAt = -1;
        var digits = new StringBuilder(12);
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if ((c == '-' || c == '+') && separatorAt < 0) {
                separator = c;
                separatorAt = i;
            } else if (c == '-' || c == '+') {
                throw refused(Reason.MISPLACED_SEPARATOR);
            } else {
                throw refused(Reason.INVALID_CHARACTERS);
            }
        }
        if (digits.length() != 10 && digits.length() != 12) {
            throw refused(Reason.WRONG_LENGTH);
        }
        if (separatorAt >= 0 && separatorAt != trimmed.length() - 5) {
            throw refused(Reason.MISPLACED_SEPARATOR);
        }
        return digits.length() == 12
                ? parseTwelve(digits.toString(), separator, today)
                : parseTen(digits.toString(), separator, today);
    }

    private static IdentityNumber parseTwelve(String digits, char separator, LocalDate today) {
        if (separator == '+') {
            throw refused(Reason.PLUS_NOT_ALLOWED);
        }
        if (digits.startsWith(ORGANISATION_PREFIX)) {
            var organisationNumber = digits.substring(2);
            if (!isOrganisationNumber(organisationNumber)) {
                throw refused(Reason.NOT_AN_ORGANISATION_NUMBER);
            }
            return organisation(organisationNumber);
        }
        int century = Integer.parseInt(digits.substring(0, 2));
        if (century < 18 || century > 20) {
            throw refused(Reason.UNKNOWN_CENTURY);
        }
        return person(digits, today);
    }

    private static IdentityNumber parseTen(String digits, char separator, LocalDate today) {
        if (isOrganisationNumber(digits)) {
            if (separator == '+') {
                throw refused(Reason.PLUS_NOT_ALLOWED);
            }
            return organisation(digits);
        }
        int yy = Integer.parseInt(digits.substring(0, 2));
        // Born in the last 100 years ('-'), or 100 years or more ago ('+'): the separator changes to '+' in the
        // year the person turns 100, so the rule counts whole years, not birthdays.
        int year = today.getYear() - Math.floorMod(today.getYear() - yy, 100);
        if (separator == '+') {
            year -= 100;
        }
        return person(String.format("%04d", year) + digits.substring(2), today);
    }

    private static boolean isOrganisationNumber(String tenDigits) {
        // Organisation numbers have a "month" of 20 or more, so they can never be confused with a birth date.
        return tenDigits.charAt(2) >= '2';
    }

    private static IdentityNumber organisation(String tenDigits) {
        if (!luhnValid(tenDigits)) {
            throw refused(Reason.CHECK_DIGIT);
        }
        return new IdentityNumber(Kind.ORGANISATIONSNUMMER, ORGANISATION_PREFIX + tenDigits);
    }

    private static IdentityNumber person(String twelve, LocalDate today) {
        int year = Integer.parseInt(twelve.substring(0, 4));
        int month = Integer.parseInt(twelve.substring(4, 6));
        int day = Integer.parseInt(twelve.substring(6, 8));
        var kind = Kind.PERSONNUMMER;
        if (day > SAMORDNING_DAY_OFFSET) {
            kind = Kind.SAMORDNINGSNUMMER;
            day -= SAMORDNING_DAY_OFFSET;
        }
        LocalDate birthDate;
        try {
            birthDate = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw refused(Reason.INVALID_DATE);
        }
        if (birthDate.isAfter(today)) {
            throw refused(Reason.DATE_IN_FUTURE);
        }
        if (!luhnValid(twelve.substring(2))) {
            throw refused(Reason.CHECK_DIGIT);
        }
        return new IdentityNumber(kind, twelve);
    }

    /** The Luhn (mod 10) check over ten digits, the last one being the check digit. */
    static boolean luhnValid(String tenDigits) {
        int sum = 0;
        for (int i = 0; i < tenDigits.length(); i++) {
            int d = tenDigits.charAt(i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static InvalidIdentityNumberException refused(Reason reason) {
        return new InvalidIdentityNumberException(reason);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isOrganisation() {
        return kind == Kind.ORGANISATIONSNUMMER;
    }

    /** {@code ÅÅÅÅMMDDXXXX} or {@code 16XXXXXXXXXX}: the stored and transmitted form. */
    public String twelveDigits() {
        return twelveDigits;
    }

    /** {@code ÅÅÅÅMMDD-XXXX} or {@code 16XXXXXX-XXXX}: the form shown to the customer. */
    public String formatted() {
        return twelveDigits.substring(0, 8) + "-" + twelveDigits.substring(8);
    }

    /** {@code 19121212-****}: the form for logs and support screens. */
    public String masked() {
        return twelveDigits.substring(0, 8) + "-****";
    }

    /** The birth date of a person (for a samordningsnummer the real day, without the + 60); empty for a company. */
    public Optional<LocalDate> birthDate() {
        if (isOrganisation()) {
            return Optional.empty();
        }
        int day = Integer.parseInt(twelveDigits.substring(6, 8));
        if (kind == Kind.SAMORDNINGSNUMMER) {
            day -= SAMORDNING_DAY_OFFSET;
        }
        return Optional.of(LocalDate.of(
                Integer.parseInt(twelveDigits.substring(0, 4)), Integer.parseInt(twelveDigits.substring(4, 6)), day));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityNumber that && twelveDigits.equals(that.twelveDigits);
    }

    @Override
    public int hashCode() {
        return twelveDigits.hashCode();
    }

    /** Masked on purpose: see the class comment. */
    @Override
    public String toString() {
        return masked();
    }
}
