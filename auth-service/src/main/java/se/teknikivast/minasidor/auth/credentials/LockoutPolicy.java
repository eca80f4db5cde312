package se.teknikivast.minasidor.auth.credentials;

import java.time.Duration;
import java.util.Optional;

/**
 * The lock that follows a run of consecutive failures: none below the threshold, then the first lock doubling
 * with every further failure, capped. Never permanent, so a customer locked out by someone else gets back in.
 */
record LockoutPolicy(int threshold, Duration firstLock, Duration maxLock) {

    static LockoutPolicy from(PasswordProperties.Lockout properties) {
        return new LockoutPolicy(properties.threshold(), properties.firstLock(), properties.maxLock());
    }

    Optional<Duration> lockAfter(int consecutiveFailures) {
        if (consecutiveFailures < threshold) {
            return Optional.empty();
        }
        // Doubling beyond 2^20 minutes is long past any sane cap; stop shifting before the long overflows.
        int doublings = Math.min(consecutiveFailures - threshold, 20);
        var lock = firstLock.multipliedBy(1L << doublings);
        return Optional.of(lock.compareTo(maxLock) > 0 ? maxLock : lock);
    }
}
