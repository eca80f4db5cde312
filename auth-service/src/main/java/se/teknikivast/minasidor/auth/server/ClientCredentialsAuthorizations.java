package se.teknikivast.minasidor.auth.server;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;

/**
 * Client-credentials grants are not stored: their only token is a self-contained JWT, which says everything the
 * server would otherwise look up, and storing one authorization per grant let any team's batch job fill Redis and
 * refuse the customers' sessions (README "Client-credentials tokens are not stored"). When the server needs the
 * authorization of such a token (introspection, revocation), it is rebuilt from the token itself: signature, expiry
 * and issuer checked, {@code sub} a registered client that may use the grant, and none of the claims a customer's
 * token carries.
 */
final class ClientCredentialsAuthorizations {

    private final JwtDecoder decoder;
    private final RegisteredClientRepository clients;
    private final AuthorizationServerSettings settings;

    ClientCredentialsAuthorizations(
            JwtDecoder decoder, RegisteredClientRepository clients, AuthorizationServerSettings settings) {
        this.decoder = decoder;
        this.clients = clients;
        this.settings = settings;
    }

    /** Whether this authorization needs no storage: a client-credentials grant whose access token is a JWT. */
    boolean isStateless(OAuth2Authorization authorization) {
        if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
            return false;
        }
        var client = clients.findById(authorization.getRegisteredClientId());
        return client != null && selfContained(client);
    }

    /**
     * The authorization behind a client-credentials access token this server signed and that is still valid, or
     * {@code null} for anything else (a customer's token, an expired or foreign one, no JWT at all).
     */
    OAuth2Authorization find(String tokenValue) {
        if (tokenValue == null || tokenValue.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(tokenValue);
        } catch (JwtException e) {
            return null;
        }
        if (jwt.getIssuer() == null
                || !Objects.equals(settings.getIssuer(), jwt.getIssuer().toString())) {
            return null;
        }
        // Customers' tokens always carry amr; sub is then a customer number, never a client id.
        if (jwt.hasClaim(CustomerClaims.AMR) || jwt.getSubject() == null) {
            return null;
        }
        var client = clients.findByClientId(jwt.getSubject());
        if (client == null
                || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)
                || !selfContained(client)) {
            return null;
        }
        var scopes = new HashSet<>(scopes(jwt));
        if (!client.getScopes().containsAll(scopes)) {
            return null;
        }
        var token = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER, tokenValue, jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
        return OAuth2Authorization.withRegisteredClient(client)
                .id(jwt.getId() != null ? jwt.getId() : Integer.toHexString(tokenValue.hashCode()))
                .principalName(client.getClientId())
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .authorizedScopes(scopes)
                .token(token, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims()))
                .build();
    }

    private static List<String> scopes(Jwt jwt) {
        var scopes = jwt.getClaimAsStringList("scope");
        return scopes == null ? List.of() : scopes;
    }

    private static boolean selfContained(RegisteredClient client) {
        return OAuth2TokenFormat.SELF_CONTAINED.equals(client.getTokenSettings().getAccessTokenFormat());
    }
}
