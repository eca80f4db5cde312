package se.teknikivast.minasidor.auth.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Checks a customer's password with brute-force protection. Every path costs one Argon2 verification (a dummy one
 * for unknown or locked accounts) so the answer time does not tell whether a customer number has a password.
 */
@Service
public class PasswordLogin {

    private static final Logger log = LoggerFactory.getLogger(PasswordLogin.class);

    private final Credentials credentials;
    private final PasswordHasher hasher;
    private final LockoutPolicy lockout;
    private final Clock clock;
    private final Counter lockouts;

    PasswordLogin(
            Credentials credentials,
            PasswordHasher hasher,
            PasswordProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.credentials = credentials;
        this.hasher = hasher;
        this.lockout = LockoutPolicy.from(properties.lockout());
        this.clock = clock;
        // Registered now, so that dashboards and alerts see 0 rather than no series before the first lock.
        this.lockouts = Counter.builder("minasidor.lockouts")
                .description("Accounts locked after too many wrong passwords")
                .register(meters);
    }

    /**
     * @param customerNumber the account to check, or {@code null} when the username named no account
     */
    public PasswordVerification verify(String customerNumber, CharSequence password) {
        var normalized = PasswordText.normalized(password);
        var stored = customerNumber == null
                ? null
                : credentials.findByCustomerNumber(customerNumber).orElse(null);
        if (stored == null) {
            hasher.verifyAgainstDummy(normalized);
            return PasswordVerification.REJECTED;
        }
        if (stored.lockedAt(clock.instant())) {
            // A correct password must not open a locked account, and the attempt does not extend the lock.
            hasher.verifyAgainstDummy(normalized);
            return PasswordVerification.LOCKED;
        }
        // One verification either way: a hash from before normalisation is checked against the password as typed.
        if (hasher.matches(stored.nfkc() ? normalized : password, stored.passwordHash())) {
            if (stored.failedAttempts() > 0 || stored.lockedUntil() != null) {
                credentials.recordSuccess(customerNumber);
            }
            if (!stored.nfkc() || hasher.needsUpgrade(stored.passwordHash())) {
                credentials.upgradeHash(customerNumber, hasher.hash(normalized), clock.instant());
                log.info("Upgraded the password hash of a customer (parameters or NFKC form)");
            }
            return PasswordVerification.VERIFIED;
        }
        int failures = credentials.recordFailure(customerNumber);
        lockout.lockAfter(failures).ifPresent(lock -> {
            credentials.lockUntil(customerNumber, clock.instant().plus(lock));
            lockouts.increment();
        });
        return PasswordVerification.REJECTED;
    }

    /** Sets a customer's password (password setup, demo data), hashed in its NFKC form. */
    public void setPassword(String customerNumber, CharSequence password) {
        credentials.storeHash(customerNumber, hasher.hash(PasswordText.normalized(password)), clock.instant());
    }
}
