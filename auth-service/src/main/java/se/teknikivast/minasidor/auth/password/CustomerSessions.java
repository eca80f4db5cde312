package se.teknikivast.minasidor.auth.password;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.server.PrincipalAuthorizations;

/**
 * Ends a customer's other sessions after a password change (docs/security.md): their auth-service sessions
 * (Spring Session's principal index, {@code repository-type: indexed}) and their OAuth2 authorizations, so no refresh
 * token issued before the change can be used again. The session that changed the password is not logged in, so it is
 * not among them.
 */
@Component
class CustomerSessions {

    private static final Logger log = LoggerFactory.getLogger(CustomerSessions.class);

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final PrincipalAuthorizations authorizations;

    CustomerSessions(
            FindByIndexNameSessionRepository<? extends Session> sessions, PrincipalAuthorizations authorizations) {
        this.sessions = sessions;
        this.authorizations = authorizations;
    }

    void endAll(String customerNumber) {
        try {
            var ids = sessions.findByPrincipalName(customerNumber).keySet();
            ids.forEach(sessions::deleteById);
            int revoked = authorizations.revokeAll(customerNumber);
            log.info(
                    "Password changed for customer {}: ended {} session(s), revoked {} authorization(s)",
                    customerNumber,
                    ids.size(),
                    revoked);
        } catch (RuntimeException e) {
            // The password is changed already; a Redis failure here must not turn that into an error page.
            log.warn(
                    "Password changed for customer {} but other sessions could not be ended: {}",
                    customerNumber,
                    e.getClass().getSimpleName());
        }
    }
}
