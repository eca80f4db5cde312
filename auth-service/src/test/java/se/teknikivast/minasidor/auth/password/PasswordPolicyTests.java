package se.teknikivast.minasidor.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordPolicyTests {

    static final CommonPasswords COMMON = new CommonPasswords();
    static final PasswordPolicy POLICY = new PasswordPolicy(COMMON);
    static final PasswordPolicy.Context SVEN =
            new PasswordPolicy.Context("100006", "197007073716", "sven.svensson@example.se");

    @Test
    void shipsAtLeastTenThousandCommonPasswords() {
        assertThat(COMMON.size()).isGreaterThanOrEqualTo(10_000);
        assertThat(COMMON.contains("Password")).isTrue();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "OK", textBlock = """
            elljus-over-vanern-2026                | OK
            fjorton tecken                         | TOO_SHORT
            femton tecken!!                        | OK
            åäöåäöåäöåäöåäö                        | OK
            1qaz2wsx3edc4rfv                       | COMMON
            123456789987654321                     | COMMON
            QAZWSXEDCRFVTGB                        | COMMON
            mitt-kundnummer-100006                 | CUSTOMER_NUMBER
            pnr-19700707-3716-hemligt              | IDENTITY_NUMBER
            kort-7007073716-langre                 | IDENTITY_NUMBER
            jag-gillar-teknikivast-mycket          | SERVICE_NAME
            Teknikiväst är bäst i stan             | SERVICE_NAME
            mina sidor är bra att ha               | SERVICE_NAME
            sven.svensson-sommar-2026              | EMAIL
            """)
    void policyTable(String password, PasswordPolicy.Refusal expected) {
        assertThat(POLICY.check(password, SVEN)).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        var fourteenEmoji = "😀".repeat(14);
        var fifteenEmoji = "😀".repeat(15);
        assertThat(POLICY.check(fourteenEmoji, SVEN)).contains(PasswordPolicy.Refusal.TOO_SHORT);
        assertThat(POLICY.check(fifteenEmoji, SVEN)).isEmpty();
        assertThat(POLICY.check("a".repeat(256) + "", SVEN)).isEmpty();
        assertThat(POLICY.check("a".repeat(257), SVEN)).contains(PasswordPolicy.Refusal.TOO_LONG);
    }

    @Test
    void contextWithoutIdentityOrEmailStillChecksTheRest() {
        var context = new PasswordPolicy.Context("100007", null, null);
        assertThat(POLICY.check("bygg-100007-bergslagen", context)).contains(PasswordPolicy.Refusal.CUSTOMER_NUMBER);
        assertThat(POLICY.check("bergslagens-bygg-i-norr", context)).isEmpty();
    }
}
