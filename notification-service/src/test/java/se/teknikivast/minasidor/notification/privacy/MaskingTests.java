package se.teknikivast.minasidor.notification.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTests {

    @Test
    void masksAddressesAsTheConventionsSay() {
        assertThat(Masking.email("Anna.Andersson@Example.se")).isEqualTo("A***@example.se");
        assertThat(Masking.email("nonsense")).isEqualTo("***");
    }

    @Test
    void masksAddressesAndLinksInsideText() {
        var masked = Masking.text("550 <anna@example.se> unknown; see https://x.example/auth/losenord/l/SECRET now");

        assertThat(masked).isEqualTo("550 <a***@example.se> unknown; see https://x.example/*** now");
    }
}
