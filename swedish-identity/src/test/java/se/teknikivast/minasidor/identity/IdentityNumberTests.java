package se.teknikivast.minasidor.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import se.teknikivast.minasidor.identity.IdentityNumber.Kind;
import se.teknikivast.minasidor.identity.InvalidIdentityNumberException.Reason;

class IdentityNumberTests {

    /** The century rules of the 10-digit forms count from this day. */
    static final LocalDate TODAY = LocalDate.of(2026, 3, 15);

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # personnummer, every spelling
            19121212-1212     | PERSONNUMMER        | 191212121212
            191212121212      | PERSONNUMMER        | 191212121212
            '  19121212-1212 '| PERSONNUMMER        | 191212121212
            121212+1212       | PERSONNUMMER        | 191212121212
            121212-1212       | PERSONNUMMER        | 201212121212
            1212121212        | PERSONNUMMER        | 201212121212
            19800101-2387     | PERSONNUMMER        | 198001012387
            800101-2387       | PERSONNUMMER        | 198001012387
            991231-1231       | PERSONNUMMER        | 199912311231
            991231+1231       | PERSONNUMMER        | 189912311231
            260101-1238       | PERSONNUMMER        | 202601011238
            000229-1235       | PERSONNUMMER        | 200002291235
            20000229-1235     | PERSONNUMMER        | 200002291235
            # samordningsnummer: day + 60
            19701063-2391     | SAMORDNINGSNUMMER   | 197010632391
            701063-2391       | SAMORDNINGSNUMMER   | 197010632391
            197010632391      | SAMORDNINGSNUMMER   | 197010632391
            # organisationsnummer: normalised to the 16 form
            16556677-8899     | ORGANISATIONSNUMMER | 165566778899
            165566778899      | ORGANISATIONSNUMMER | 165566778899
            556677-8899       | ORGANISATIONSNUMMER | 165566778899
            5566778899        | ORGANISATIONSNUMMER | 165566778899
            16559012-3450     | ORGANISATIONSNUMMER | 165590123450
            212000-1421       | ORGANISATIONSNUMMER | 162120001421
            """)
    void acceptsEverySpelling(String text, Kind kind, String twelveDigits) {
        var number = IdentityNumber.parse(text, TODAY);

        assertThat(number.kind()).isEqualTo(kind);
        assertThat(number.twelveDigits()).isEqualTo(twelveDigits);
        assertThat(number.isOrganisation()).isEqualTo(kind == Kind.ORGANISATIONSNUMMER);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            19121212-121X     | INVALID_CHARACTERS
            19121212 1212     | INVALID_CHARACTERS
            19121212/1212     | INVALID_CHARACTERS
            ５５６６７７-８８９９ | INVALID_CHARACTERS
            19121212-121      | WRONG_LENGTH
            1912121212123     | WRONG_LENGTH
            12345             | WRONG_LENGTH
            -                 | WRONG_LENGTH
            1912-12121212     | MISPLACED_SEPARATOR
            19121212--1212    | MISPLACED_SEPARATOR
            121212-+1212      | MISPLACED_SEPARATOR
            -1912121212       | MISPLACED_SEPARATOR
            19121212+1212     | PLUS_NOT_ALLOWED
            556677+8899       | PLUS_NOT_ALLOWED
            21121212-1212     | UNKNOWN_CENTURY
            17121212-1212     | UNKNOWN_CENTURY
            16121212-1212     | NOT_AN_ORGANISATION_NUMBER
            19900230-1234     | INVALID_DATE
            19901301-1234     | INVALID_DATE
            19900001-1234     | INVALID_DATE
            19900100-1234     | INVALID_DATE
            010229-1234       | INVALID_DATE
            19700160-1234     | INVALID_DATE
            19700192-1234     | INVALID_DATE
            261231-1230       | DATE_IN_FUTURE
            20260316-1234     | DATE_IN_FUTURE
            20991231-1231     | DATE_IN_FUTURE
            19121212-1213     | CHECK_DIGIT
            121212+1213       | CHECK_DIGIT
            19701063-2392     | CHECK_DIGIT
            16556677-8898     | CHECK_DIGIT
            556677-8898       | CHECK_DIGIT
            """)
    void refusesWithItsOwnReason(String text, Reason reason) {
        assertThatThrownBy(() -> IdentityNumber.parse(text, TODAY))
                .isInstanceOfSatisfying(InvalidIdentityNumberException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.reasonCode()).isEqualTo(reason.name());
                    assertThat(e.code()).isEqualTo("invalid-identity-number");
                    assertThat(e.getMessage()).isEqualTo(reason.swedishMessage());
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void refusesNothing(String text) {
        assertThatThrownBy(() -> IdentityNumber.parse(text, TODAY))
                .isInstanceOfSatisfying(
                        InvalidIdentityNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void everyReasonHasItsOwnSwedishMessageThatNeverRepeatsTheInput() {
        var messages =
                Arrays.stream(Reason.values()).map(Reason::swedishMessage).toList();

        assertThat(messages)
                .doesNotHaveDuplicates()
                .allSatisfy(message -> assertThat(message).isNotBlank().doesNotContain("1212"));
    }

    @Test
    void formatsAndMasks() {
        var person = IdentityNumber.parse("191212121212", TODAY);
        var company = IdentityNumber.parse("556677-8899", TODAY);

        assertThat(person.formatted()).isEqualTo("19121212-1212");
        assertThat(person.masked()).isEqualTo("19121212-****");
        assertThat(company.formatted()).isEqualTo("16556677-8899");
        assertThat(company.masked()).isEqualTo("16556677-****");
    }

    @Test
    void neverShowsTheFullNumberInToString() {
        var number = IdentityNumber.parse("19121212-1212", TODAY);

        assertThat(number.toString()).isEqualTo("19121212-****").doesNotContain("1212-1212");
        assertThat("customer " + number).doesNotContain("191212121212");
    }

    @Test
    void isTheSameNumberWhicheverWayItWasWritten() {
        assertThat(IdentityNumber.parse("121212+1212", TODAY))
                .isEqualTo(IdentityNumber.parse("19121212-1212", TODAY))
                .hasSameHashCodeAs(IdentityNumber.parse("191212121212", TODAY));
        assertThat(IdentityNumber.parse("556677-8899", TODAY)).isEqualTo(IdentityNumber.parse("165566778899", TODAY));
    }

    @Test
    void knowsTheRealBirthDateOfASamordningsnummer() {
        assertThat(IdentityNumber.parse("701063-2391", TODAY).birthDate()).contains(LocalDate.of(1970, 10, 3));
        assertThat(IdentityNumber.parse("16556677-8899", TODAY).birthDate()).isEmpty();
    }

    @Test
    void takesTodayFromTheClock() {
        var newYear2013 = Clock.fixed(
                ZonedDateTime.of(2013, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Stockholm"))
                        .toInstant(),
                ZoneId.of("Europe/Stockholm"));
        var newYear2012 = Clock.fixed(
                ZonedDateTime.of(2012, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Stockholm"))
                        .toInstant(),
                ZoneId.of("Europe/Stockholm"));

        assertThat(IdentityNumber.parse("121212-1212", newYear2013).twelveDigits())
                .isEqualTo("201212121212");
        // A child born 2012-12-12 did not exist on 2012-01-01, so the '-' form of this number is in the future.
        assertThatThrownBy(() -> IdentityNumber.parse("121212-1212", newYear2012))
                .isInstanceOfSatisfying(
                        InvalidIdentityNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DATE_IN_FUTURE));
    }

    @Test
    void writesPlusFromTheYearAPersonTurnsOneHundred() {
        // In 2026 those born in 1926 write '+', those born in 1927 still write '-'.
        assertThat(IdentityNumber.parse("260101+1238", TODAY).twelveDigits()).isEqualTo("192601011238");
        assertThat(IdentityNumber.parse("260101-1238", TODAY).twelveDigits()).isEqualTo("202601011238");
        assertThat(IdentityNumber.parse("270101-1237", TODAY).twelveDigits()).isEqualTo("192701011237");
    }
}
