package se.teknikivast.minasidor.customer.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import se.teknikivast.minasidor.customer.web.SecurityConfiguration;

/**
 * Mints access tokens like auth-service's (ES256), signed with an EC P-256 key generated for this test JVM. The tests' {@link
 * JwtDecoder} trusts only this key and checks the issuer the service is configured with.
 */
public final class TestTokens {

    public static final String ISSUER = "http://localhost:8080/auth";

    private static final ECKey JWK = generate();
    private static final NimbusJwtEncoder ENCODER = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(JWK)));

    private TestTokens() {}

    /** A client-credentials token of {@code clientId} with these scopes. */
    public static String client(String clientId, String... scopes) {
        return mint(clientId, ISSUER, Instant.now().plus(Duration.ofMinutes(5)), String.join(" ", scopes));
    }

    /** A customer's token from a password login: {@code sub} = customer number. */
    public static String customer(String customerNumber) {
        return mint(customerNumber, ISSUER, Instant.now().plus(Duration.ofMinutes(5)), "openid profile");
    }

    public static String mint(String subject, String issuer, Instant expiresAt, String scope) {
        var claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(subject)
                .issuedAt(expiresAt.minus(Duration.ofMinutes(5)))
                .expiresAt(expiresAt)
                .claim("scope", scope)
                .claim("amr", List.of("pwd"))
                .build();
        var header = JwsHeader.with(SignatureAlgorithm.ES256).keyId("test-key").build();
        return ENCODER.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** The public half of the signing key, for a JWKS endpoint (the benchmark serves one to the service). */
    public static ECKey publicJwk() {
        return JWK.toPublicJWK();
    }

    /** Verifies signature, expiry and issuer, like the service's own decoder does against auth-service's JWKS. */
    public static JwtDecoder decoder() {
        var decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(JWK.toPublicJWK())))
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        decoder.setJwtValidator(SecurityConfiguration.validator(ISSUER, Clock.systemUTC()));
        return decoder;
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
