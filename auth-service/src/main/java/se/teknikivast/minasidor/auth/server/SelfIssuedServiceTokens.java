package se.teknikivast.minasidor.auth.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.customer.ServiceTokens;

/**
 * auth-service's own client-credentials token, minted with the server's own encoder instead of an HTTP round trip
 * to itself: the same issuer, key, claims, scopes (those registered for client {@code auth-service}) and audience
 * ({@link TokenAudiences}) that the token endpoint would give. Reused until a minute before it expires.
 */
@Component
final class SelfIssuedServiceTokens implements ServiceTokens {

    static final String CLIENT_ID = "auth-service";
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    private final JwtEncoder encoder;
    private final AuthorizationServerSettings settings;
    private final RegisteredClientRepository clients;
    private final TokenAudiences audiences;
    private final Clock clock;

    private volatile Token cached;

    private record Token(String value, Instant expiresAt) {}

    SelfIssuedServiceTokens(
            JwtEncoder encoder,
            AuthorizationServerSettings settings,
            RegisteredClientRepository clients,
            TokenAudiences audiences,
            Clock clock) {
        this.encoder = encoder;
        this.settings = settings;
        this.clients = clients;
        this.audiences = audiences;
        this.clock = clock;
    }

    @Override
    public String bearerToken() {
        var token = cached;
        var now = clock.instant();
        if (token == null || !now.isBefore(token.expiresAt().minus(RENEW_BEFORE))) {
            token = mint(now);
            cached = token;
        }
        return token.value();
    }

    private Token mint(Instant now) {
        var client = clients.findByClientId(CLIENT_ID);
        if (client == null) {
            throw new IllegalStateException("Client " + CLIENT_ID + " is not registered");
        }
        var expiresAt = now.plus(LIFETIME);
        var claims = JwtClaimsSet.builder()
                .issuer(settings.getIssuer())
                .subject(CLIENT_ID)
                .audience(audiences.forScopes(client.getScopes()))
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(expiresAt)
                .claim("client_id", CLIENT_ID)
                .claim("scope", List.copyOf(client.getScopes()))
                .build();
        var header = JwsHeader.with(SignatureAlgorithm.ES256).type("JWT").build();
        var jwt = encoder.encode(JwtEncoderParameters.from(header, claims));
        return new Token(jwt.getTokenValue(), expiresAt);
    }
}
