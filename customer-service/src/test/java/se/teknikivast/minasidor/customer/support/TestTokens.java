package se.teknikivast.minasidor.customer.support;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Mints access tokens like auth-service's, signed with an RSA key generated for this test JVM. The tests' {@link
 * JwtDecoder} trusts only this key and checks the issuer the service is configured with.
 */
public final class TestTokens {

    public static final String ISSUER = "http://localhost:8080/auth";

    private static final KeyPair KEYS = generate();
    private static final RSAKey JWK = new RSAKey.Builder((RSAPublicKey) KEYS.getPublic())
            .privateKey((RSAPrivateKey) KEYS.getPrivate())
            .keyID("test-key")
            .build();
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
        var header = JwsHeader.with(SignatureAlgorithm.RS256).keyId("test-key").build();
        return ENCODER.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** The public half of the signing key, for a JWKS endpoint (the benchmark serves one to the service). */
    public static RSAKey publicJwk() {
        return JWK.toPublicJWK();
    }

    /** Verifies signature, expiry and issuer, like the service's own decoder does against auth-service's JWKS. */
    public static JwtDecoder decoder() {
        var decoder =
                NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        return decoder;
    }

    private static KeyPair generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
