package se.teknikivast.minasidor.customer.registration;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.customer.customer.Customer;
import se.teknikivast.minasidor.customer.customer.CustomerNotFoundException;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.outbox.CustomerEvents;
import se.teknikivast.minasidor.events.CustomerEvent.EmailRegistered;
import se.teknikivast.minasidor.events.CustomerEvent.RegistrationCancelled;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;

/**
 * The e-mail registration rules of the login guide, with proof before an address counts (docs/security.md): no login
 * address yet → the address entered becomes the pending one, and the login address only when auth-service reports it
 * proven ({@link #confirm}); the same login address (ignoring case) → confirmed (forgotten password); another address
 * → refused, only customer service can change it; an unknown customer or someone else's identity number → one generic
 * refusal. Customer service sees pending registrations and can cancel them.
 */
@Service
public class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    private final Customers customers;
    private final CustomerEvents outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    Registrations(Customers customers, CustomerEvents outbox, Clock clock, MeterRegistry meters) {
        this.customers = customers;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
        // Registered now, so that the registration dashboard shows 0 rather than no series.
        for (var outcome :
                List.of("pending", "proven", "cancelled", "confirmed", "mismatch", "other-email-registered")) {
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
        if (customer.get().email() == null && customers.setPendingEmailIfNone(customerNumber, email, now)) {
            count("pending");
            log.info("Customer {} has a pending e-mail {} until it is proven", customerNumber, email.masked());
            return new Result(RegistrationOutcome.PENDING, customers.get(customerNumber));
        }
        // A login address exists, or was proven by a concurrent request just now: decide against what is stored.
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

    /** The pending address was proven (BankID or activation code): it becomes the login address. */
    @Transactional
    public Customer confirm(CustomerNumber customerNumber, EmailAddress email) {
        var now = clock.instant();
        if (!customers.confirmPendingEmail(customerNumber, email, now)) {
            log.info("Proof for customer {} refused: the address is not (or no longer) pending", customerNumber);
            throw new RegistrationNotPendingException();
        }
        outbox.append(EmailRegistered.of(customerNumber.value(), email.masked(), now));
        count("proven");
        log.info("Customer {} proved e-mail {}: now the login address", customerNumber, email.masked());
        return customers.get(customerNumber);
    }

    public List<Customer> pending(int limit) {
        return customers.withPendingEmail(limit);
    }

    /** Customer service cancels a pending registration (who = the token's subject). */
    @Transactional
    public void cancel(CustomerNumber customerNumber, String cancelledBy) {
        var customer = customers.find(customerNumber).orElseThrow(() -> new CustomerNotFoundException(customerNumber));
        var now = clock.instant();
        if (customer.pendingEmail() == null || !customers.cancelPendingEmail(customerNumber, now)) {
            throw new RegistrationNotPendingException();
        }
        outbox.append(RegistrationCancelled.of(
                customerNumber.value(), customer.pendingEmail().masked(), cancelledBy, now));
        count("cancelled");
        log.info(
                "{} cancelled the pending registration of customer {} ({})",
                cancelledBy,
                customerNumber,
                customer.pendingEmail().masked());
    }

    private void count(String outcome) {
        meters.counter("minasidor.registrations", "outcome", outcome).increment();
    }
}
