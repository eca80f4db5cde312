package se.teknikivast.minasidor.customer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import se.teknikivast.minasidor.customer.support.TestTokens;

/**
 * The cache of verified tokens in front of the real ES256 verification (the test key from {@link TestTokens}), on a
 * clock the test moves.
 */
class VerifiedTokenCacheTests {

    private final MovableClock clock = new MovableClock(Instant.now());
    private final CountingVerifier verifier = new CountingVerifier(clock);

    private VerifiedTokenCache cache(int maxEntries) {
        return new VerifiedTokenCache(
                verifier, SecurityConfiguration.validator(TestTokens.ISSUER, clock), clock, maxEntries);
    }

    private String token(String subject, String scope, Duration lifetime) {
        return TestTokens.mint(subject, TestTokens.ISSUER, clock.instant().plus(lifetime), scope);
    }

    @Test
    void verifiesTheSignatureOfATokenOnceAndThenAnswersFromTheCache() {
        var cache = cache(100);
        var token = token("auth-service", "customers.read", Duration.ofMinutes(5));

        var first = cache.decode(token);
        var second = cache.decode(token);

        assertThat(verifier.calls.get()).isEqualTo(1);
        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("auth-service");
    }

    @Test
    void refusesACachedTokenOnceItHasExpired() {
        var cache = cache(100);
        var token = token("auth-service", "customers.read", Duration.ofMinutes(5));
        cache.decode(token);

        // Past exp and the validator's 60 s clock skew.
        clock.advance(Duration.ofMinutes(6).plusSeconds(1));

        assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> cache.decode(token))
                .withMessageContaining("expired");
        assertThat(verifier.calls.get()).as("refused from the cache").isEqualTo(1);
        assertThat(cache.size()).isZero();
        // And the full verification refuses it too on the next attempt.
        assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> cache.decode(token));
        assertThat(verifier.calls.get()).isEqualTo(2);
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
    void refusesATokenOfAnotherIssuerAndDoesNotKeepIt() {
        var cache = cache(100);
        var foreign = TestTokens.mint(
                "example-team", "http://evil.example/auth", clock.instant().plusSeconds(300), "customers.read");

        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> cache.decode(foreign));
        }
        assertThat(verifier.calls.get()).isEqualTo(2);
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

        clock.advance(Duration.ofMinutes(2));
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

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The production verification (ES256 signature, then the default claim validation), counting its calls. */
    private static final class CountingVerifier implements JwtDecoder {

        final AtomicInteger calls = new AtomicInteger();
        private final NimbusJwtDecoder nimbus;

        CountingVerifier(Clock clock) {
            nimbus = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(TestTokens.publicJwk())))
                    .jwsAlgorithm(SignatureAlgorithm.ES256)
                    .build();
            nimbus.setJwtValidator(SecurityConfiguration.validator(TestTokens.ISSUER, clock));
        }

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            return nimbus.decode(token);
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
