package se.teknikivast.minasidor.notification.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.teknikivast.minasidor.events.EmailRequest;

class EmailTemplatesTests {

    static final String LINK = "https://www.teknikivast.se/auth/losenord/l/abc?x=1&y=2";

    final EmailTemplates templates = new EmailTemplates(new MailProperties(
            "Teknikiväst Mina sidor <no-reply@teknikivast.se>",
            "0570-822 00",
            ZoneId.of("Europe/Stockholm"),
            List.of("https://www.teknikivast.se/auth/")));

    @Test
    void writesTheSwedishPasswordSetupMailWithTheExpiryInSwedishTime() {
        var mail = templates.render(setup("sv", Map.of("link", LINK, "validMinutes", "45")));

        assertThat(mail.subject()).isEqualTo("Välj ditt lösenord till Mina sidor");
        assertThat(mail.text())
                .contains(LINK)
                .contains("Länken gäller i 45 minuter, till 26 november 2026 kl. 15:45")
                .contains("tfn 0570-822 00")
                .contains("Teknikiväst AB");
        assertThat(mail.html())
                .as("the link is escaped in HTML")
                .contains("https://www.teknikivast.se/auth/losenord/l/abc?x=1&amp;y=2")
                .doesNotContain("x=1&y=2");
    }

    @Test
    void fallsBackToSwedishForAnUnknownLanguage() {
        var mail = templates.render(setup("fi", Map.of("link", LINK, "validMinutes", "60")));

        assertThat(mail.subject()).isEqualTo("Välj ditt lösenord till Mina sidor");
    }

    @Test
    void refusesLinksOutsideTheAllowedPrefixes() {
        assertThatThrownBy(() -> templates.validate(
                        setup("sv", Map.of("link", "https://evil.example/auth/x", "validMinutes", "60"))))
                .isInstanceOf(InvalidEmailRequestException.class)
                .hasMessageContaining("allowed prefix")
                .hasMessageNotContaining("/auth/x");
    }

    @Test
    void refusesAMissingOrNonsensicalValidity() {
        assertThatThrownBy(() -> templates.validate(setup("sv", Map.of("link", LINK))))
                .hasMessageContaining("validMinutes");
        assertThatThrownBy(() -> templates.validate(setup("sv", Map.of("link", LINK, "validMinutes", "-5"))))
                .hasMessageContaining("validMinutes");
    }

    @Test
    void refusesUnknownTypes() {
        var request = new EmailRequest(
                UUID.randomUUID(), "newsletter", 1, "a@example.se", "sv", "100001", Map.of(), Instant.now());

        assertThatThrownBy(() -> templates.validate(request)).hasMessageContaining("Unknown e-mail type");
    }

    static EmailRequest setup(String locale, Map<String, String> params) {
        return new EmailRequest(
                UUID.randomUUID(),
                EmailRequest.Type.PASSWORD_SETUP,
                1,
                "anna@example.se",
                locale,
                "100001",
                params,
                Instant.parse("2026-11-26T14:00:00Z"));
    }
}
