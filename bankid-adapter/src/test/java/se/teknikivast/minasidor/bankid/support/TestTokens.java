package se.teknikivast.minasidor.bankid.support;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Access tokens as auth-service would issue them, signed with an RSA key generated for this test JVM. */
public final class TestTokens {

    public static final String ISSUER = "http://localhost:8080/auth";

    private static final RSAKey KEY = generate();
    private static final ECKey EC_KEY = generateEc();

    private TestTokens() {}

    private static ECKey generateEc() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("test-ec").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID("test")
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verification the resource server uses in tests: this key, then {@code validator} (the service's). */
    public static NimbusJwtDecoder verifier(OAuth2TokenValidator<Jwt> validator) {
        try {
            var decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String withScope(String scope) {
        return withScope(scope, Instant.now());
    }

    /** A token issued at {@code now}, valid for 5 minutes like auth-service's. */
    public static String withScope(String scope, Instant now) {
        var claims = claims(scope, now);
        var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(KEY)));
        return encoder.encode(JwtEncoderParameters.from(claims)).getTokenValue();
    }

    /**
     * Tokens as auth-service really signs them (ES256, P-256), for a process that verifies them exactly as in
     * production: jwk-set-uri with {@link #es256Jwks()}, and the default {@code jws-algorithms: ES256}.
     */
    public static String es256WithScope(String scope) {
        var claims = claims(scope, Instant.now());
        var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(EC_KEY)));
        var header = JwsHeader.with(SignatureAlgorithm.ES256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** auth-service's client-credentials claims for itself, issued at {@code now}, valid for 5 minutes. */
    private static JwtClaimsSet claims(String scope, Instant now) {
        return JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject("auth-service")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("scope", scope)
                .claim("amr", List.of())
                .build();
    }

    public static String es256Jwks() {
        return new JWKSet(EC_KEY.toPublicJWK()).toString();
    }

    /** The public JWKS document, for a process that validates tokens the production way (jwk-set-uri). */
    public static String jwks() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }
}
