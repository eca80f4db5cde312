package se.teknikivast.minasidor.bankid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import se.teknikivast.minasidor.bankid.support.MutableClock;
import se.teknikivast.minasidor.bankid.support.TestTokens;

class CachingJwtDecoderTests {

    final MutableClock clock = MutableClock.startingNow();
    final AtomicInteger verifications = new AtomicInteger();

    /** The real verification (signature, issuer, expiry with Spring Security's 60 s skew), on the test's clock. */
    final JwtDecoder verifying = verifyingOn(clock);

    final JwtDecoder counting = token -> {
        verifications.incrementAndGet();
        return verifying.decode(token);
    };

    @Test
    void verifiesATokenOnceAndServesItFromMemoryUntilItExpires() {
        var decoder = new CachingJwtDecoder(counting, clock, 100);
        var token = TestTokens.withScope("bankid");

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);
        assertThat(second.getTokenValue()).isEqualTo(token);
        assertThat(second.getClaimAsString("scope")).isEqualTo("bankid");
        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);

        // Still within exp + 60 s skew: served from memory.
        clock.advance(Duration.ofSeconds(300 + 59));
        assertThat(decoder.decode(token)).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void anExpiredTokenIsRefusedEvenThoughItWasVerifiedBefore() {
        var decoder = new CachingJwtDecoder(counting, clock, 100);
        var token = TestTokens.withScope("bankid");
        decoder.decode(token);

        clock.advance(Duration.ofSeconds(300 + 61));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(decoder.size()).isZero();
        assertThat(verifications).hasValue(3);
    }

    @Test
    void neverRemembersATokenThatFailedVerification() {
        var decoder = new CachingJwtDecoder(counting, clock, 100);
        var token = TestTokens.withScope("bankid");
        var forged =
                token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfTokensAndMakesRoomByDroppingExpiredOnes() {
        var decoder = new CachingJwtDecoder(counting, clock, 2);
        var a = TestTokens.withScope("bankid");
        var b = TestTokens.withScope("bankid customers.read");
        decoder.decode(a);
        decoder.decode(b);
        assertThat(decoder.size()).isEqualTo(2);

        var c = TestTokens.withScope("customers.read");
        decoder.decode(c);
        decoder.decode(c);
        assertThat(decoder.size()).isEqualTo(2);
        assertThat(verifications).hasValue(4); // c is verified on every use while the memory is full

        // Once a and b have expired, they make room for a new token.
        clock.advance(Duration.ofSeconds(300 + 61));
        var d = tokenIssuedAt(clock.instant());
        decoder.decode(d);
        decoder.decode(d);
        assertThat(decoder.size()).isEqualTo(1);
        assertThat(verifications).hasValue(5);
    }

    private static String tokenIssuedAt(Instant at) {
        return TestTokens.withScope("bankid", at);
    }

    private static JwtDecoder verifyingOn(MutableClock clock) {
        var decoder = (NimbusJwtDecoder) TestTokens.decoder();
        var timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        decoder.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(new JwtIssuerValidator(TestTokens.ISSUER), timestamps));
        return decoder;
    }
}
