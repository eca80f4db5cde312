package se.teknikivast.minasidor.auth.login;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.credentials.PasswordLogin;
import se.teknikivast.minasidor.auth.credentials.PasswordVerification;
import se.teknikivast.minasidor.auth.customer.Customer;
import se.teknikivast.minasidor.auth.customer.CustomerDirectory;
import se.teknikivast.minasidor.auth.customer.CustomerServiceUnavailableException;
import se.teknikivast.minasidor.auth.server.CustomerAuthentication;

/**
 * The "Användarnamn" tab: customer number or 16-prefixed organisation number plus password. Unknown customers,
 * wrong passwords and locked accounts all end in the same {@link BadCredentialsException}, after the same Argon2
 * work, so nothing tells a stranger whether an account exists.
 */
@Component
final class PasswordAuthenticationProvider implements AuthenticationProvider {

    static final String METER = "minasidor.logins";

    static final List<String> OUTCOMES = List.of("success", "rejected", "locked", "hint", "unavailable");

    private final PasswordLogin passwords;
    private final CustomerDirectory customers;
    private final MeterRegistry meters;
    private final Clock clock;

    PasswordAuthenticationProvider(
            PasswordLogin passwords, CustomerDirectory customers, MeterRegistry meters, Clock clock) {
        this.passwords = passwords;
        this.customers = customers;
        this.meters = meters;
        this.clock = clock;
        // Every outcome registered now, so that the login dashboard and the failure-rate alert see 0, not nothing.
        for (var outcome : OUTCOMES) {
            count(outcome, 0);
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var password = authentication.getCredentials() == null
                ? ""
                : authentication.getCredentials().toString();
        try {
            var customerNumber = switch (LoginName.parse(authentication.getName(), clock)) {
                case LoginName.Customer c -> c.customerNumber().value();
                case LoginName.Organisation o -> companyCustomerNumber(o);
                case LoginName.Hint hint -> {
                    count("hint");
                    throw new LoginHintException(hint.kind());
                }
                case LoginName.Unrecognised u -> null;
            };
            var verification = passwords.verify(customerNumber, password);
            if (verification != PasswordVerification.VERIFIED) {
                count(verification == PasswordVerification.LOCKED ? "locked" : "rejected");
                throw new BadCredentialsException("Bad credentials");
            }
            // The name and type go into the ID token; a password for a customer customer-service no longer
            // knows is treated as a wrong password.
            var customer = customers.find(customerNumber).orElse(null);
            if (customer == null) {
                count("rejected");
                throw new BadCredentialsException("Bad credentials");
            }
            count("success");
            return new CustomerAuthentication(
                    customerNumber,
                    customer.type(),
                    customer.name(),
                    CustomerAuthentication.Method.PASSWORD,
                    clock.instant());
        } catch (CustomerServiceUnavailableException e) {
            count("unavailable");
            throw new AuthenticationServiceException("customer-service unavailable", e);
        }
    }

    /** The customer number of the company; null (treated as unknown) when there is not exactly one. */
    private String companyCustomerNumber(LoginName.Organisation organisation) {
        var companies = customers
                .searchByIdentityNumber(organisation.organisationNumber().twelveDigits())
                .stream()
                .filter(Customer::isCompany)
                .toList();
        return companies.size() == 1 ? companies.getFirst().customerNumber() : null;
    }

    private void count(String outcome) {
        count(outcome, 1);
    }

    private void count(String outcome, int amount) {
        meters.counter(METER, "method", "pwd", "outcome", outcome).increment(amount);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
