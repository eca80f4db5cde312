package se.teknikivast.minasidor.auth.password;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.auth.outbox.EmailOutbox;
import se.teknikivast.minasidor.auth.web.PublicSite;
import se.teknikivast.minasidor.events.EmailRequest;

/**
 * A new password-setup link ({@code <public-base-url>/auth/losenord/l/<token>}, docs/service-apis.md) and the e-mail
 * carrying it, committed together (transactional outbox).
 */
@Component
public class PasswordSetupLinks {

    private final PasswordSetupTokens tokens;
    private final EmailOutbox outbox;
    private final PasswordSetupProperties properties;
    private final String linkPrefix;

    PasswordSetupLinks(
            PasswordSetupTokens tokens, EmailOutbox outbox, PasswordSetupProperties properties, PublicSite site) {
        this.tokens = tokens;
        this.outbox = outbox;
        this.properties = properties;
        this.linkPrefix = site.address("/auth/losenord/l/");
    }

    /** A forgotten password: the link goes to the customer's login address. */
    @Transactional
    public void sendForReset(String customerNumber, String email, Locale locale) {
        send(customerNumber, PasswordSetupTokens.Purpose.RESET, email, locale);
    }

    /** A first password: the link goes to the pending address, which the page behind it asks the customer to prove. */
    @Transactional
    public void sendForRegistration(String customerNumber, String pendingEmail, Locale locale) {
        send(customerNumber, PasswordSetupTokens.Purpose.REGISTRATION, pendingEmail, locale);
    }

    private void send(String customerNumber, PasswordSetupTokens.Purpose purpose, String email, Locale locale) {
        var issued = tokens.issue(customerNumber, purpose, email);
        outbox.enqueue(new EmailRequest(
                UUID.randomUUID(),
                EmailRequest.Type.PASSWORD_SETUP,
                EmailRequest.VERSION,
                email,
                language(locale),
                customerNumber,
                Map.of(
                        "link",
                        linkPrefix + issued.token(),
                        "validMinutes",
                        Long.toString(properties.tokenValidity().toMinutes())),
                issued.createdAt()));
    }

    static String language(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? "en" : "sv";
    }
}
