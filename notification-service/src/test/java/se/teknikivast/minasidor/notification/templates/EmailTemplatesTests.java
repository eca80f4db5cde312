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
    void tellsTheAddressOnFileThatAnotherAddressWasEnteredAndNamesCustomerService() {
        var mail = templates.render(new EmailRequest(
                UUID.randomUUID(),
                EmailRequest.Type.OTHER_EMAIL_ENTERED,
                1,
                "tolvan@example.se",
                "sv",
                "100001",
                Map.of(),
                Instant.now()));

        assertThat(mail.subject()).isEqualTo("Någon angav en annan e-postadress för ditt kundnummer på Mina sidor");
        assertThat(mail.text())
                .contains("kundnummer 100001")
                .contains("Observera att du inte kan byta till en annan e-postadress om du redan har en registrerad"
                        + " i vårt system. För att byta e-postadress ring kundservice på tfn 0570-822 00 (vx).");
        assertThat(mail.html()).contains("0570-822 00");
    }

    @Test
    void tellsTheOldAndTheNewAddressOfAChangeEachTheirPart() {
        var old = templates.render(changed("old"));
        var fresh = templates.render(changed("new"));

        assertThat(old.subject()).isEqualTo("Din e-postadress för Mina sidor har ändrats");
        assertThat(old.text()).contains("Den här adressen används inte längre").doesNotContain("Från och med nu");
        assertThat(fresh.text())
                .contains("Från och med nu är det den här adressen")
                .doesNotContain("används inte");
        assertThat(fresh.html()).contains("Från och med nu");
        assertThatThrownBy(() -> templates.validate(changed("both"))).hasMessageContaining("role");
    }

    static EmailRequest changed(String role) {
        return new EmailRequest(
                UUID.randomUUID(),
                EmailRequest.Type.EMAIL_CHANGED,
                1,
                "a@example.se",
                "sv",
                "100004",
                Map.of("role", role),
                Instant.now());
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
