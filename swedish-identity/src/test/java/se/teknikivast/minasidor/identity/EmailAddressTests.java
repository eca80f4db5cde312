package se.teknikivast.minasidor.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import se.teknikivast.minasidor.identity.InvalidEmailAddressException.Reason;

class EmailAddressTests {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            tolvan@example.se               | tolvan@example.se              | t***@example.se
            Anna.Andersson@Example.SE       | Anna.Andersson@example.se      | A***@example.se
            ' lisa@example.se '             | lisa@example.se                | l***@example.se
            a+faktura@sub.example.se        | a+faktura@sub.example.se       | a***@sub.example.se
            anna_o-brien+el@example.com     | anna_o-brien+el@example.com    | a***@example.com
            åsa@båtvarv.se                  | åsa@båtvarv.se                 | å***@båtvarv.se
            x@e-post.example.se             | x@e-post.example.se            | x***@e-post.example.se
            """)
    void acceptsAndNormalisesTheDomain(String text, String value, String masked) {
        var address = EmailAddress.parse(text);

        assertThat(address.value()).isEqualTo(value);
        assertThat(address.masked()).isEqualTo(masked);
        assertThat(address.toString()).isEqualTo(masked);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a b@example.se                  | WHITESPACE
            example.se                      | MISSING_AT
            a@b@example.se                  | MULTIPLE_AT
            @example.se                     | LOCAL_PART_EMPTY
            .anna@example.se                | LOCAL_PART_INVALID
            anna.@example.se                | LOCAL_PART_INVALID
            an..na@example.se               | LOCAL_PART_INVALID
            an(na)@example.se               | LOCAL_PART_INVALID
            "anna"@example.se               | LOCAL_PART_INVALID
            anna@                           | DOMAIN_EMPTY
            anna@localhost                  | DOMAIN_WITHOUT_DOT
            anna@-example.se                | DOMAIN_INVALID
            anna@example-.se                | DOMAIN_INVALID
            anna@example..se                | DOMAIN_INVALID
            anna@.example.se                | DOMAIN_INVALID
            anna@example.se.                | DOMAIN_INVALID
            anna@exa_mple.se                | DOMAIN_INVALID
            anna@192.168.0.1                | DOMAIN_INVALID
            anna@[192.168.0.1]              | DOMAIN_INVALID
            """)
    void refusesWithItsOwnReason(String text, Reason reason) {
        assertRefused(text, reason);
    }

    @Test
    void refusesControlCharacters() {
        assertRefused("anna\n@example.se", Reason.CONTROL_CHARACTERS);
        assertRefused("anna@example.se\r\nBcc: x@example.se", Reason.CONTROL_CHARACTERS);
        assertRefused("an\tna@example.se", Reason.CONTROL_CHARACTERS);
        assertRefused("anna\u0000@example.se", Reason.CONTROL_CHARACTERS);
        assertRefused("anna\u200B@example.se", Reason.CONTROL_CHARACTERS);
    }

    @Test
    void refusesTooLongAddresses() {
        var label = "a".repeat(60) + ".";
        var atTheLimit = "x@" + label.repeat(4) + "examp.se"; // 254 characters
        assertThat(EmailAddress.parse(atTheLimit).value()).hasSize(EmailAddress.MAX_LENGTH);
        assertRefused("xy@" + label.repeat(4) + "examp.se", Reason.TOO_LONG);
        assertRefused("a".repeat(65) + "@example.se", Reason.LOCAL_PART_TOO_LONG);
        assertRefused("anna@" + "a".repeat(64) + ".se", Reason.DOMAIN_INVALID);
        assertThat(EmailAddress.parse("a".repeat(64) + "@example.se").localPart())
                .hasSize(64);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void refusesNothing(String text) {
        assertRefused(text, Reason.EMPTY);
    }

    @Test
    void isTheSameAddressWhateverTheCase() {
        var typedOnce = EmailAddress.parse("Ekonomi@Example.se");
        var typedAgain = EmailAddress.parse("ekonomi@EXAMPLE.SE");

        assertThat(typedOnce).isEqualTo(typedAgain).hasSameHashCodeAs(typedAgain);
        assertThat(typedOnce.comparable()).isEqualTo("ekonomi@example.se");
        assertThat(typedOnce).isNotEqualTo(EmailAddress.parse("ekonomi2@example.se"));
    }

    private static void assertRefused(String text, Reason reason) {
        assertThatThrownBy(() -> EmailAddress.parse(text))
                .isInstanceOfSatisfying(InvalidEmailAddressException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.code()).isEqualTo("invalid-email");
                    assertThat(e.getMessage()).isEqualTo(reason.swedishMessage());
                });
    }
}
