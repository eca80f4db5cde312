package se.teknikivast.minasidor.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The cache of verified tokens in front of the real verification as the services run it (ES256 signature against a
 * key generated for this test, then Spring Security's default claim validation with the issuer), on a clock the test
 * moves. The verifier and the cache share one validator, as in the services.
 */
class VerifiedTokenCacheTests {

    private static final String ISSUER = "http://localhost:8080/auth";
    private static final ECKey KEY = generate();
    private static final NimbusJwtEncoder ENCODER = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(KEY)));

    private final MovableClock clock = new MovableClock(Instant.now());
    private final CountingValidator validator = new CountingValidator(validator(clock));
    private final CountingVerifier verifier = new CountingVerifier(validator);

    private VerifiedTokenCache cache(int maxEntries) {
        return new VerifiedTokenCache(verifier, validator, clock, maxEntries);
    }

    @Test
    void verifiesTheSignatureOfATokenOnceAndThenAnswersFromTheCacheValidatingItsClaimsEachTime() {
        var cache = cache(100);
        var token = token("auth-service", "bankid", Duration.ofMinutes(5));

        var first = cache.decode(token);
        var second = cache.decode(token);

        assertThat(verifier.calls.get()).isEqualTo(1);
        assertThat(validator.calls.get())
                .as("once by the verifier, once on the hit")
                .isEqualTo(2);
        assertThat(second).isSameAs(first);
        assertThat(second.getTokenValue()).isEqualTo(token);
        assertThat(second.getSubject()).isEqualTo("auth-service");
        assertThat(second.getClaimAsString("scope")).isEqualTo("bankid");
    }

    @Test
    void keepsAnsweringFromTheCacheUntilExpiryPlusTheValidatorsClockSkew() {
        var cache = cache(100);
        var token = token("auth-service", "bankid", Duration.ofMinutes(5));
        var first = cache.decode(token);

        // Past exp, but within the validator's 60 s clock skew: still valid, served from memory.
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));

        assertThat(cache.decode(token)).isSameAs(first);
        assertThat(verifier.calls.get()).isEqualTo(1);
    }

    @Test
    void refusesACachedTokenOnceItHasExpired() {
        var cache = cache(100);
        var token = token("auth-service", "customers.read", Duration.ofMinutes(5));
        cache.decode(token);

        // Past exp and the validator's 60 s clock skew.
        clock.advance(Duration.ofMinutes(5).plusSeconds(61));

        assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> cache.decode(token))
                .withMessageContaining("expired");
        assertThat(verifier.calls.get()).as("refused from the cache").isEqualTo(1);
        assertThat(cache.size()).isZero();
        // And the full verification refuses it too on every later attempt; it is not stored again.
        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> cache.decode(token));
        }
        assertThat(verifier.calls.get()).isEqualTo(3);
        assertThat(cache.size()).isZero();
    }

    @Test
    void neverServesADifferentTokenFromTheCache() {
        var cache = cache(100);
        var reader = token("example-team", "customers.read", Duration.ofMinutes(5));
        var admin = token("kundservice", "customers.admin", Duration.ofMinutes(5));

        cache.decode(reader);
        var decoded = cache.decode(admin);

        assertThat(decoded.getSubject()).isEqualTo("kundservice");
        assertThat(decoded.getClaimAsString("scope")).isEqualTo("customers.admin");
        assertThat(verifier.calls.get()).isEqualTo(2);
        assertThat(cache.decode(reader).getClaimAsString("scope")).isEqualTo("customers.read");
        assertThat(verifier.calls.get()).isEqualTo(2);
    }

    @Test
    void refusesATamperedCopyOfACachedToken() {
        var cache = cache(100);
        var token = token("example-team", "customers.read", Duration.ofMinutes(5));
        cache.decode(token);
        var parts = token.split("\\.");

        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        var morePowers = payload.replace("customers.read", "customers.admin");
        assertThat(morePowers).isNotEqualTo(payload);
        var tamperedClaims = parts[0] + "." + base64Url(morePowers) + "." + parts[2];
        var signature = parts[2].toCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        var tamperedSignature = parts[0] + "." + parts[1] + "." + new String(signature);
        var unsigned = base64Url("{\"alg\":\"none\"}") + "." + parts[1] + ".";

        for (var tampered : new String[] {tamperedClaims, tamperedSignature, unsigned, token + "x"}) {
            assertThatExceptionOfType(BadJwtException.class).as(tampered).isThrownBy(() -> cache.decode(tampered));
        }
        assertThat(verifier.calls.get())
                .as("each went through the full verification")
                .isEqualTo(5);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void neverRemembersATokenThatFailedVerification() {
        var cache = cache(100);
        var token = token("auth-service", "bankid", Duration.ofMinutes(5));
        var forged =
                token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        assertThat(forged).isNotEqualTo(token);

        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode(forged));
        }
        assertThat(verifier.calls.get()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void refusesATokenOfAnotherIssuerAndDoesNotKeepIt() {
        var cache = cache(100);
        var foreign = mint(claims -> claims.subject("example-team")
                .issuer("http://evil.example/auth")
                .expiresAt(clock.instant().plusSeconds(300)));

        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> cache.decode(foreign));
        }
        assertThat(verifier.calls.get()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void neverKeepsATokenWithoutExpiry() {
        var cache = cache(100);
        var endless = mint(claims -> claims.subject("example-team").issuer(ISSUER));

        assertThat(cache.decode(endless).getExpiresAt()).isNull();
        cache.decode(endless);

        assertThat(verifier.calls.get()).as("verified every time").isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void holdsAtMostMaxEntriesAndMakesRoomOnlyByDroppingExpiredTokens() {
        var cache = cache(2);
        var shortLived1 = token("a", "customers.read", Duration.ofMinutes(1));
        var shortLived2 = token("b", "customers.read", Duration.ofMinutes(1));
        var longLived = token("c", "customers.read", Duration.ofMinutes(5));
        cache.decode(shortLived1);
        cache.decode(shortLived2);

        cache.decode(longLived);
        cache.decode(longLived);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(verifier.calls.get())
                .as("the third token is verified every time while the map is full")
                .isEqualTo(4);

        // The first two are past exp (though still within the skew): they make room for the third.
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        cache.decode(longLived);
        cache.decode(longLived);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(verifier.calls.get()).isEqualTo(5);
    }

    @Test
    void withSizeZeroVerifiesEveryRequest() {
        var cache = cache(0);
        var token = token("auth-service", "customers.read", Duration.ofMinutes(5));

        cache.decode(token);
        cache.decode(token);

        assertThat(verifier.calls.get()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void refusesANegativeSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> cache(-1)).withMessageContaining("maxEntries");
    }

    /** Spring Security's default validation (timestamps with 60 s skew, type) and the issuer, on the test's clock. */
    private static OAuth2TokenValidator<Jwt> validator(Clock clock) {
        var timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        return JwtValidators.createDefaultWithValidators(timestamps, new JwtIssuerValidator(ISSUER));
    }

    private String token(String subject, String scope, Duration lifetime) {
        return mint(claims -> claims.subject(subject)
                .issuer(ISSUER)
                .expiresAt(clock.instant().plus(lifetime))
                .claim("scope", scope));
    }

    /** A token like auth-service's (ES256, key id, issued now, no scopes unless {@code claims} adds them). */
    private String mint(Consumer<JwtClaimsSet.Builder> claims) {
        var builder = JwtClaimsSet.builder().issuedAt(clock.instant()).claim("amr", List.of("pwd"));
        claims.accept(builder);
        var header =
                JwsHeader.with(SignatureAlgorithm.ES256).keyId(KEY.getKeyID()).build();
        return ENCODER.encode(JwtEncoderParameters.from(header, builder.build()))
                .getTokenValue();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The production verification (ES256 signature, then {@code validator}), counting its calls. */
    private static final class CountingVerifier implements JwtDecoder {

        final AtomicInteger calls = new AtomicInteger();
        private final NimbusJwtDecoder nimbus;

        CountingVerifier(OAuth2TokenValidator<Jwt> validator) {
            nimbus = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())))
                    .jwsAlgorithm(SignatureAlgorithm.ES256)
                    .build();
            nimbus.setJwtValidator(validator);
        }

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            return nimbus.decode(token);
        }
    }

    private record CountingValidator(OAuth2TokenValidator<Jwt> delegate, AtomicInteger calls)
            implements OAuth2TokenValidator<Jwt> {

        CountingValidator(OAuth2TokenValidator<Jwt> delegate) {
            this(delegate, new AtomicInteger());
        }

        @Override
        public OAuth2TokenValidatorResult validate(Jwt jwt) {
            calls.incrementAndGet();
            return delegate.validate(jwt);
        }
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
