package se.teknikivast.minasidor.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import se.teknikivast.minasidor.identity.InvalidCustomerNumberException.Reason;

class CustomerNumberTests {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            100003        | 100003
            1             | 1
            1234567890    | 1234567890
            ' 100003 '    | 100003
            0012          | 0012
            """)
    void acceptsDigits(String text, String value) {
        assertThat(CustomerNumber.parse(text).value()).isEqualTo(value);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10000a        | NOT_DIGITS
            -1            | NOT_DIGITS
            100 003       | NOT_DIGITS
            １００００３    | NOT_DIGITS
            191212-1212   | NOT_DIGITS
            12345678901   | TOO_LONG
            """)
    void refusesWithItsOwnReason(String text, Reason reason) {
        assertThatThrownBy(() -> CustomerNumber.parse(text))
                .isInstanceOfSatisfying(InvalidCustomerNumberException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.code()).isEqualTo("invalid-customer-number");
                    assertThat(e.getMessage()).isEqualTo(reason.swedishMessage());
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void refusesNothing(String text) {
        assertThatThrownBy(() -> CustomerNumber.parse(text))
                .isInstanceOfSatisfying(
                        InvalidCustomerNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void theConstructorChecksToo() {
        assertThatThrownBy(() -> new CustomerNumber("12a")).isInstanceOf(InvalidCustomerNumberException.class);
        assertThat(new CustomerNumber("100001")).hasToString("100001").isEqualTo(CustomerNumber.parse(" 100001"));
    }
}
