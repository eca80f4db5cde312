package se.teknikivast.minasidor.auth.password;

import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Mobilt BankID proof of a pending registration: the identified person's personal number must be the identity
 * number of the customer the mailed link is for, and the customer a private person or sole trader (companies prove it
 * by letter). On success the browser session holds the proof ({@link RegistrationProofs}); nobody is logged in.
 */
@Component
public class BankIdRegistrationProof {

    private static final Logger log = LoggerFactory.getLogger(BankIdRegistrationProof.class);

    private final CustomerContacts contacts;

    BankIdRegistrationProof(CustomerContacts contacts) {
        this.contacts = contacts;
    }

    /**
     * Whether the personal number proves the registration of {@code customerNumber}.
     *
     * @throws CustomerContacts.Unavailable when customer-service does not answer
     */
    public boolean prove(HttpSession session, String customerNumber, String personalNumber) {
        var customer = contacts.find(customerNumber).orElse(null);
        var digits = personalNumber == null ? "" : personalNumber.replaceAll("\\D", "");
        boolean proven = customer != null
                && !customer.isCompany()
                && customer.identityNumber() != null
                && customer.identityNumber().equals(digits);
        if (proven) {
            RegistrationProofs.proven(session, customerNumber);
        }
        log.info(
                "BankID proof of the registration of customer {}: {}",
                customerNumber,
                proven ? "the customer's own personal number" : "another person");
        return proven;
    }
}
