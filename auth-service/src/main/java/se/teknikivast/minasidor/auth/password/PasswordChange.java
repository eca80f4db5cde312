package se.teknikivast.minasidor.auth.password;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import se.teknikivast.minasidor.auth.credentials.PasswordLogin;
import se.teknikivast.minasidor.auth.outbox.EmailOutbox;
import se.teknikivast.minasidor.events.AuthEvent;
import se.teknikivast.minasidor.events.EmailRequest;

/**
 * Sets the password chosen through a setup link: token used up, hash stored, the "password changed" e-mail and the
 * {@code PasswordChanged} event (auth.events.v1, for the gateway's sessions) queued in one transaction; after it
 * commits, the customer's other auth-service sessions and refresh tokens end.
 */
@Component
public class PasswordChange {

    private final PasswordSetupTokens tokens;
    private final PasswordLogin passwords;
    private final EmailOutbox outbox;
    private final CustomerSessions sessions;
    private final ActivationCodes codes;
    private final java.time.Clock clock;

    PasswordChange(
            PasswordSetupTokens tokens,
            PasswordLogin passwords,
            EmailOutbox outbox,
            CustomerSessions sessions,
            ActivationCodes codes,
            java.time.Clock clock) {
        this.codes = codes;
        this.tokens = tokens;
        this.passwords = passwords;
        this.outbox = outbox;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * The customer number whose password was set, or empty when the token was no longer usable.
     *
     * @param activationCodeUsed the registration was proven with the customer's activation code: it is used up too
     */
    @Transactional
    public Optional<String> change(
            String token, String password, String email, boolean activationCodeUsed, Locale locale) {
        var consumed = tokens.consume(token);
        consumed.ifPresent(customerNumber -> {
            passwords.setPassword(customerNumber, password);
            if (activationCodeUsed) {
                codes.consume(customerNumber);
            }
            // Other services (the gateway's BFF sessions) end the customer's sessions on this event; it commits with
            // the new hash, so it cannot be lost to a Kafka outage or sent for a change that rolled back.
            outbox.enqueue(AuthEvent.PasswordChanged.of(customerNumber, clock.instant()));
            if (email != null && !email.isBlank()) {
                outbox.enqueue(new EmailRequest(
                        UUID.randomUUID(),
                        EmailRequest.Type.PASSWORD_CHANGED,
                        EmailRequest.VERSION,
                        email,
                        PasswordSetupLinks.language(locale),
                        customerNumber,
                        Map.of(),
                        clock.instant()));
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sessions.endAll(customerNumber);
                }
            });
        });
        return consumed;
    }
}
