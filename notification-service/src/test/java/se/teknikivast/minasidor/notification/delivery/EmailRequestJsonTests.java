package se.teknikivast.minasidor.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmailRequestJsonTests {

    @Test
    void toleratesFieldsItDoesNotKnow() {
        var request = EmailRequestJson.parse("""
                {"id":"6f1c1d4e-8a4b-4a43-9c55-2b9c1a2f0e11","type":"password-changed","version":1,
                 "to":"anna@example.se","customerNumber":"100001","occurredAt":"2026-11-26T14:00:00Z",
                 "channel":"email","priority":2}""");

        assertThat(request.type()).isEqualTo("password-changed");
        assertThat(request.locale()).isEqualTo("sv");
        assertThat(request.params()).isEmpty();
    }

    @Test
    void refusesMessagesWithoutVersionOrRequiredFieldsWithoutQuotingThem() {
        assertThatThrownBy(() -> EmailRequestJson.parse("""
                        {"id":"6f1c1d4e-8a4b-4a43-9c55-2b9c1a2f0e11","type":"password-changed",
                         "to":"anna@example.se","customerNumber":"100001"}"""))
                .isInstanceOf(MalformedEmailRequestException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> EmailRequestJson.parse("""
                        {"id":"6f1c1d4e-8a4b-4a43-9c55-2b9c1a2f0e11","type":"password-changed","version":1,
                         "customerNumber":"100001"}""")).isInstanceOf(MalformedEmailRequestException.class);
        assertThatThrownBy(() -> EmailRequestJson.parse("{\"to\":\"anna@example.se\", oops"))
                .isInstanceOf(MalformedEmailRequestException.class)
                .hasMessageNotContaining("anna");
    }
}
