package se.teknikivast.minasidor.auth.server;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import se.teknikivast.minasidor.deployment.ProxyHeaders;

/**
 * An internal client (one registered for {@code client_credentials}: the teams' and our own services' clients)
 * authenticates only on a request that reaches auth-service directly from the internal network; the public token
 * endpoint behind the gateway serves the BFF alone. Wraps each of Spring Authorization Server's client-authentication
 * converters, so the rule holds at the token, introspection and revocation endpoints alike, and it is checked before
 * the secret: through the gateway a team's secret is refused whether it is right or not, so the public origin does not
 * tell a stolen secret from a wrong one.
 *
 * <p>"Directly" means the request carries no proxy header: the gateway always sets {@code X-Forwarded-For},
 * {@code -Host}, {@code -Proto} and {@code -Port} on what it forwards, having removed whatever the client sent, so a
 * client cannot make a forwarded request look direct; a direct caller that adds such a header only refuses itself.
 * Tomcat's RemoteIpValve consumes {@code X-Forwarded-For} from a trusted proxy (the client address becomes the
 * request's) but leaves the others. Without a proxy header the address checked is the TCP peer's, which a caller
 * cannot choose.
 */
final class InternalClientsOnly implements AuthenticationConverter {

    private static final Log log = LogFactory.getLog(InternalClientsOnly.class);

    static final OAuth2Error REFUSED = new OAuth2Error(
            OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
            "This client gets tokens only directly from auth-service on the internal network, not through the public"
                    + " origin.",
            null);

    private final AuthenticationConverter delegate;
    private final RegisteredClientRepository clients;
    private final List<IpAddressMatcher> networks;

    InternalClientsOnly(
            AuthenticationConverter delegate, RegisteredClientRepository clients, InternalClientProperties properties) {
        this.delegate = delegate;
        this.clients = clients;
        this.networks =
                properties.networks().stream().map(IpAddressMatcher::new).toList();
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        var authentication = delegate.convert(request);
        if (authentication == null || !(authentication.getPrincipal() instanceof String clientId)) {
            return authentication;
        }
        var client = clients.findByClientId(clientId);
        if (client == null
                || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)) {
            return authentication;
        }
        if (isForwarded(request)) {
            log.info("Internal client " + clientId + " refused: the request came through a proxy");
            throw new OAuth2AuthenticationException(REFUSED);
        }
        if (!isInternal(request.getRemoteAddr())) {
            log.info("Internal client " + clientId + " refused: " + request.getRemoteAddr()
                    + " is not in minasidor.internal-clients.networks");
            throw new OAuth2AuthenticationException(REFUSED);
        }
        return authentication;
    }

    private static boolean isForwarded(HttpServletRequest request) {
        return ProxyHeaders.NAMES.stream().anyMatch(header -> request.getHeader(header) != null);
    }

    private boolean isInternal(String address) {
        return address != null && networks.stream().anyMatch(network -> network.matches(address));
    }
}
