package se.teknikivast.minasidor.customer.registration;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.customer.customer.Customer;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.outbox.Outbox;
import se.teknikivast.minasidor.events.CustomerEvent.EmailRegistered;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;

/**
 * The e-mail registration rules of the login guide: no e-mail yet → register it; the same address (ignoring case) →
 * confirmed (forgotten password); another address → refused, only customer service can change it; an unknown customer
 * or someone else's identity number → one generic refusal.
 */
@Service
public class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    private final Customers customers;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    Registrations(Customers customers, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.customers = customers;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
        // Registered now, so that the registration dashboard shows 0 rather than no series.
        for (var outcome : List.of("registered", "confirmed", "mismatch", "other-email-registered")) {
            meters.counter("minasidor.registrations", "outcome", outcome);
        }
    }

    public record Result(RegistrationOutcome outcome, Customer customer) {}

    @Transactional
    public Result register(CustomerNumber customerNumber, IdentityNumber identityNumber, EmailAddress email) {
        var customer = customers.find(customerNumber).filter(c -> c.owns(identityNumber));
        if (customer.isEmpty()) {
            count("mismatch");
            log.info("Registration refused for customer {}: details do not match", customerNumber);
            throw new RegistrationDetailsMismatchException();
        }
        var now = clock.instant();
        if (customer.get().email() == null && customers.registerEmailIfNone(customerNumber, email, now)) {
            outbox.append(EmailRegistered.of(customerNumber.value(), email.masked(), now));
            count("registered");
            log.info("Customer {} registered e-mail {}", customerNumber, email.masked());
            return new Result(RegistrationOutcome.REGISTERED, customers.get(customerNumber));
        }
        // Registered before, or by a concurrent request just now: decide against what is stored.
        var current = customers.get(customerNumber);
        if (email.equals(current.email())) {
            count("confirmed");
            log.info("Customer {} confirmed the registered e-mail", customerNumber);
            return new Result(RegistrationOutcome.CONFIRMED, current);
        }
        count("other-email-registered");
        log.info("Registration refused for customer {}: another e-mail is registered", customerNumber);
        throw new EmailAlreadyRegisteredException();
    }

    private void count(String outcome) {
        meters.counter("minasidor.registrations", "outcome", outcome).increment();
    }
}
