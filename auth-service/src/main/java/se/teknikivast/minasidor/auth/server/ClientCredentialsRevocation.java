package se.teknikivast.minasidor.auth.server;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

/**
 * {@code /oauth2/revoke} for a client-credentials access token answers RFC 7009's {@code unsupported_token_type}
 * instead of a 200 that would promise what cannot happen: nothing is stored to revoke, and the resource servers
 * verify such a token by its signature alone (and remember it) until it expires, at most 5 minutes after the grant.
 * Every other token goes to the authorization server's own revocation.
 */
final class ClientCredentialsRevocation implements AuthenticationProvider {

    static final String UNSUPPORTED_TOKEN_TYPE = "unsupported_token_type";

    private final AuthenticationProvider revocation;
    private final ClientCredentialsAuthorizations clientCredentials;

    ClientCredentialsRevocation(AuthenticationProvider revocation, ClientCredentialsAuthorizations clientCredentials) {
        this.revocation = revocation;
        this.clientCredentials = clientCredentials;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var request = (OAuth2TokenRevocationAuthenticationToken) authentication;
        if (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
            var authorization = clientCredentials.find(request.getToken());
            if (authorization != null) {
                if (!authorization
                        .getRegisteredClientId()
                        .equals(client.getRegisteredClient().getId())) {
                    throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
                }
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        UNSUPPORTED_TOKEN_TYPE,
                        "Client-credentials access tokens cannot be revoked; they are valid until they expire.",
                        "https://datatracker.ietf.org/doc/html/rfc7009#section-2.2.1"));
            }
        }
        return revocation.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
