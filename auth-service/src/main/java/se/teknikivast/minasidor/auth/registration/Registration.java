package se.teknikivast.minasidor.auth.registration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.password.CustomerContacts;
import se.teknikivast.minasidor.auth.password.CustomerNotices;
import se.teknikivast.minasidor.auth.password.PasswordSetupLinks;

/**
 * Step 2 of the registration (docs/architecture.md), behind one answer: customer-service applies the e-mail rules, and
 * whatever it answers the page is the same ("skickat"). What differs goes by mail: a password link to the address the
 * customer proved before (forgotten password) or to the address just entered for a customer without one (pending
 * until proven, see docs/security.md); a notice to the address on file when another one was entered; nothing when the
 * details do not match. At most {@code mails-per-window} mails per customer; the rest are silently absorbed.
 */
@Component
class Registration {

    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    enum Result {
        ANSWERED,
        UNAVAILABLE
    }

    /** Low-cardinality metric outcomes ({@code minasidor_registrations_total{outcome}}). */
    enum MetricOutcome {
        PENDING,
        CONFIRMED,
        MISMATCH,
        EMAIL_ALREADY_REGISTERED,
        RATE_LIMITED,
        UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final CustomerRegistrations customers;
    private final CustomerContacts contacts;
    private final RegistrationMailLimit limit;
    private final PasswordSetupLinks links;
    private final CustomerNotices notices;
    private final Map<MetricOutcome, Counter> counters = new EnumMap<>(MetricOutcome.class);

    Registration(
            CustomerRegistrations customers,
            CustomerContacts contacts,
            RegistrationMailLimit limit,
            PasswordSetupLinks links,
            CustomerNotices notices,
            MeterRegistry meters) {
        this.customers = customers;
        this.contacts = contacts;
        this.limit = limit;
        this.links = links;
        this.notices = notices;
        for (var outcome : MetricOutcome.values()) {
            counters.put(
                    outcome,
                    Counter.builder("minasidor.registrations")
                            .description("Registration / forgotten-password requests by outcome")
                            .tag("outcome", outcome.tag())
                            .register(meters));
        }
    }

    Result register(String customerNumber, String identityNumber, String email, Locale locale) {
        try {
            var answer = customers.register(customerNumber, identityNumber, email);
            var outcome = switch (answer.outcome()) {
                case MISMATCH -> MetricOutcome.MISMATCH;
                case EMAIL_ALREADY_REGISTERED ->
                    mail(customerNumber, MetricOutcome.EMAIL_ALREADY_REGISTERED, () -> {
                        var onFile = contacts.find(customerNumber).map(CustomerContacts.Contact::email);
                        onFile.ifPresent(address -> notices.otherAddressEntered(customerNumber, address, locale));
                    });
                case PENDING ->
                    mail(
                            customerNumber,
                            MetricOutcome.PENDING,
                            () -> links.sendForRegistration(customerNumber, answer.email(), locale));
                case CONFIRMED ->
                    mail(
                            customerNumber,
                            MetricOutcome.CONFIRMED,
                            () -> links.sendForReset(customerNumber, answer.email(), locale));
            };
            count(outcome);
            return Result.ANSWERED;
        } catch (CustomerRegistrations.Unavailable | CustomerContacts.Unavailable e) {
            count(MetricOutcome.UNAVAILABLE);
            log.warn(
                    "Registration for customer {} failed: {} ({})",
                    customerNumber,
                    e.getMessage(),
                    e.getCause() == null ? "-" : e.getCause().getClass().getSimpleName());
            return Result.UNAVAILABLE;
        } catch (RuntimeException e) {
            count(MetricOutcome.UNAVAILABLE);
            log.warn(
                    "Could not queue the registration mail for customer {}: {}",
                    customerNumber,
                    e.getClass().getSimpleName());
            return Result.UNAVAILABLE;
        }
    }

    /** Sends unless the customer's mails for the window are used up; the outcome to count. */
    private MetricOutcome mail(String customerNumber, MetricOutcome outcome, Runnable send) {
        if (!limit.tryAcquire(customerNumber)) {
            log.info("Registration mail for customer {} absorbed: hourly limit reached", customerNumber);
            return MetricOutcome.RATE_LIMITED;
        }
        send.run();
        return outcome;
    }

    private void count(MetricOutcome outcome) {
        counters.get(outcome).increment();
    }
}
