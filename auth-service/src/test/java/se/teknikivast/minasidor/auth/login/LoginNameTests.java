package se.teknikivast.minasidor.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginNameTests {

    static final Clock TODAY = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "\"{0}\" → {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            100003             | customer     | 100003
            ' 100001 '         | customer     | 100001
            1                  | customer     | 1
            16556677-8899      | organisation | 165566778899
            165566778899       | organisation | 165566778899
            ' 16556677-8899 '  | organisation | 165566778899
            '16 556677-8899'   | organisation | 165566778899
            556677-8899        | org-hint     |
            5566778899         | org-hint     |
            19121212-1212      | person-hint  |
            191212121212       | person-hint  |
            121212-1212        | person-hint  |
            1212121212         | person-hint  |
            19121212-1213      | unrecognised |
            16556677-8890      | unrecognised |
            12345678901        | unrecognised |
            10000-3            | unrecognised |
            abc123             | unrecognised |
            ''                 | unrecognised |
            """)
    void readsWhatTheCustomerTyped(String typed, String kind, String value) {
        var name = LoginName.parse(typed, TODAY);
        switch (kind) {
            case "customer" ->
                assertThat(name)
                        .isEqualTo(new LoginName.Customer(new se.teknikivast.minasidor.identity.CustomerNumber(value)));
            case "organisation" ->
                assertThat(((LoginName.Organisation) name).organisationNumber().twelveDigits())
                        .isEqualTo(value);
            case "org-hint" ->
                assertThat(name).isEqualTo(new LoginName.Hint(LoginName.Hint.Kind.ORGANISATION_WITHOUT_16));
            case "person-hint" -> assertThat(name).isEqualTo(new LoginName.Hint(LoginName.Hint.Kind.PERSONAL_NUMBER));
            default -> assertThat(name).isEqualTo(new LoginName.Unrecognised());
        }
    }
}
