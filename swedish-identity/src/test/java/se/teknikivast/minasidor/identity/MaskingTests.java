package se.teknikivast.minasidor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTests {

    @Test
    void masksAddressesLikeAValidAddressMasksItself() {
        assertThat(Masking.email("Anna.Andersson@Example.se")).isEqualTo("A***@example.se");
        assertThat(Masking.email("anna@example.se"))
                .isEqualTo(EmailAddress.parse("anna@example.se").masked());
        assertThat(Masking.email("nonsense")).isEqualTo("***");
        assertThat(Masking.email("@example.se")).isEqualTo("***");
        assertThat(Masking.email("Östen@example.se")).isEqualTo("Ö***@example.se");
    }

    @Test
    void masksIdentityNumbersLikeAValidNumberMasksItself() {
        assertThat(Masking.identityNumber("191212121212")).isEqualTo("19121212-****");
        assertThat(Masking.identityNumber("19121212-1212"))
                .isEqualTo(IdentityNumber.parse("19121212-1212").masked());
        assertThat(Masking.identityNumber("1912")).isEqualTo("****");
        assertThat(Masking.identityNumber(null)).isNull();
    }

    @Test
    void masksAddressesLinksAndIdentityNumbersInsideText() {
        var masked = Masking.text("550 <anna@example.se> unknown; see https://x.example/auth/losenord/l/SECRET now");
        assertThat(masked).isEqualTo("550 <a***@example.se> unknown; see https://x.example/*** now");

        assertThat(Masking.text("no BankID for 191212121212 or 19121212-1212 (order 42, 1234567)"))
                .isEqualTo("no BankID for 19121212-**** or 19121212-**** (order 42, 1234567)");
        assertThat(Masking.text("organisation 16556677-8899 and 5566778899"))
                .isEqualTo("organisation 16556677-**** and 556677-****");
    }
}
