package se.teknikivast.minasidor.auth.password;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.auth.outbox.EmailOutbox;
import se.teknikivast.minasidor.events.EmailRequest;

/**
 * E-mails that tell a customer what happened to their account, through the outbox: what the registration page does
 * not say (it answers every outcome the same) goes to the address on file.
 */
@Component
public class CustomerNotices {

    private final EmailOutbox outbox;
    private final Clock clock;

    CustomerNotices(EmailOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Someone typed another address than the one on file; only customer service can change it. */
    @Transactional
    public void otherAddressEntered(String customerNumber, String addressOnFile, Locale locale) {
        send(EmailRequest.Type.OTHER_EMAIL_ENTERED, customerNumber, addressOnFile, locale, Map.of());
    }

    /** Customer service changed the address: both the old and the new one hear it. */
    @Transactional
    public void emailChanged(String customerNumber, String oldAddress, String newAddress) {
        if (oldAddress != null && !oldAddress.equalsIgnoreCase(newAddress)) {
            send(EmailRequest.Type.EMAIL_CHANGED, customerNumber, oldAddress, null, Map.of("role", "old"));
        }
        if (newAddress != null) {
            send(EmailRequest.Type.EMAIL_CHANGED, customerNumber, newAddress, null, Map.of("role", "new"));
        }
    }

    private void send(String type, String customerNumber, String to, Locale locale, Map<String, String> params) {
        outbox.enqueue(new EmailRequest(
                UUID.randomUUID(),
                type,
                EmailRequest.VERSION,
                to,
                PasswordSetupLinks.language(locale),
                customerNumber,
                params,
                clock.instant()));
    }
}
