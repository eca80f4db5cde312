package se.teknikivast.minasidor.auth.logout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends one customer login: its OAuth2 authorization (so none of its refresh, access or ID tokens is honoured by
 * auth-service again) and the customer's auth-service sessions (Spring Session's principal index), so no browser is
 * let through {@code /oauth2/authorize} without a password or BankID. Other logins of the same customer keep their
 * authorizations; their browsers are asked to log in again when they next pass auth-service.
 */
@Component
class CustomerLogouts {

    /** Longer than any token auth-service issues (a JWT of ours is under 2 KB). */
    static final int MAX_TOKEN_LENGTH = 8192;

    private static final Logger log = LoggerFactory.getLogger(CustomerLogouts.class);

    enum Outcome {
        ENDED,
        NOTHING_LEFT,
        OTHER_CLIENT
    }

    private final OAuth2AuthorizationService authorizations;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final RegisteredClientRepository clients;

    CustomerLogouts(
            OAuth2AuthorizationService authorizations,
            FindByIndexNameSessionRepository<? extends Session> sessions,
            RegisteredClientRepository clients) {
        this.authorizations = authorizations;
        this.sessions = sessions;
        this.clients = clients;
    }

    /** @param clientId the authenticated caller; @param token a refresh or access token of the login */
    Outcome end(String clientId, String token) {
        var authorization = find(token);
        if (authorization == null) {
            return Outcome.NOTHING_LEFT;
        }
        var client = clients.findByClientId(clientId);
        if (client == null || !client.getId().equals(authorization.getRegisteredClientId())) {
            log.warn("Client {} asked to end a login of another client; refused", clientId);
            return Outcome.OTHER_CLIENT;
        }
        var customer = authorization.getPrincipalName();
        authorizations.remove(authorization);
        var ids = sessions.findByPrincipalName(customer).keySet();
        ids.forEach(sessions::deleteById);
        log.info(
                "Customer {} logged out: authorization removed, {} auth-service session(s) ended",
                customer,
                ids.size());
        return Outcome.ENDED;
    }

    /** The customer login holding the token; never a client-credentials grant (nothing of it is stored). */
    private OAuth2Authorization find(String token) {
        var authorization = authorizations.findByToken(token, OAuth2TokenType.REFRESH_TOKEN);
        if (authorization == null) {
            authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
        }
        if (authorization == null
                || AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
            return null;
        }
        return authorization;
    }
}
