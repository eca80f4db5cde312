package se.teknikivast.minasidor.auth.registration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.password.PasswordSetupLinks;

/**
 * Step 2 of the registration (architecture.md §6): customer-service applies the e-mail rules; on REGISTERED or
 * CONFIRMED a password-setup link is mailed (token + outbox row in one transaction) unless the customer's e-mails for
 * the hour are used up. The customer sees the same answer for a mismatch, an unknown customer and a limited request
 * as for a sent e-mail; only "another address is registered" differs.
 */
@Component
class Registration {

    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    enum Result {
        EMAIL_SENT,
        CALL_CUSTOMER_SERVICE,
        UNAVAILABLE
    }

    /** Low-cardinality metric outcomes ({@code minasidor_registrations_total{outcome}}). */
    enum MetricOutcome {
        REGISTERED,
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
    private final RegistrationMailLimit limit;
    private final PasswordSetupLinks links;
    private final Map<MetricOutcome, Counter> counters = new EnumMap<>(MetricOutcome.class);

    Registration(
            CustomerRegistrations customers,
            RegistrationMailLimit limit,
            PasswordSetupLinks links,
            MeterRegistry meters) {
        this.customers = customers;
        this.limit = limit;
        this.links = links;
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
        CustomerRegistrations.Answer answer;
        try {
            answer = customers.register(customerNumber, identityNumber, email);
        } catch (CustomerRegistrations.Unavailable e) {
            count(MetricOutcome.UNAVAILABLE);
            log.warn(
                    "Registration for customer {} failed: {} ({})",
                    customerNumber,
                    e.getMessage(),
                    e.getCause() == null ? "-" : e.getCause().getClass().getSimpleName());
            return Result.UNAVAILABLE;
        }
        return switch (answer.outcome()) {
            case MISMATCH -> {
                count(MetricOutcome.MISMATCH);
                yield Result.EMAIL_SENT;
            }
            case EMAIL_ALREADY_REGISTERED -> {
                count(MetricOutcome.EMAIL_ALREADY_REGISTERED);
                yield Result.CALL_CUSTOMER_SERVICE;
            }
            case REGISTERED, CONFIRMED -> {
                if (!limit.tryAcquire(customerNumber)) {
                    count(MetricOutcome.RATE_LIMITED);
                    log.info("Registration e-mail for customer {} absorbed: hourly limit reached", customerNumber);
                    yield Result.EMAIL_SENT;
                }
                try {
                    links.send(customerNumber, answer.email(), locale);
                } catch (RuntimeException e) {
                    count(MetricOutcome.UNAVAILABLE);
                    log.warn(
                            "Could not store the password-setup link for customer {}: {}",
                            customerNumber,
                            e.getClass().getSimpleName());
                    yield Result.UNAVAILABLE;
                }
                count(
                        answer.outcome() == CustomerRegistrations.Outcome.REGISTERED
                                ? MetricOutcome.REGISTERED
                                : MetricOutcome.CONFIRMED);
                yield Result.EMAIL_SENT;
            }
        };
    }

    private void count(MetricOutcome outcome) {
        counters.get(outcome).increment();
    }
}
