package se.teknikivast.minasidor.bankid.support;

import java.time.Clock;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import se.teknikivast.minasidor.bankid.web.SecurityConfiguration;
import se.teknikivast.minasidor.resourceserver.VerifiedTokenCache;

/** Test tokens instead of auth-service's JWKS, and a clock the test moves. */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

    /** Shared by every context in the test JVM, so two "instances" agree on BankID's time like real servers do. */
    public static final MutableClock CLOCK = MutableClock.startingNow();

    /**
     * As in production ({@link SecurityConfiguration#jwtDecoder}): the verification, here against the test key, behind
     * the cache of verified tokens, both with the service's validator. Token time is real time here: the tests move
     * {@link #CLOCK} by minutes for BankID's windows, while {@link TestTokens} mints tokens valid for 5 minutes from now.
     */
    @Bean
    @Primary
    JwtDecoder testJwtDecoder() {
        var clock = Clock.systemUTC();
        var validator = SecurityConfiguration.validator(TestTokens.ISSUER, List.of(), clock);
        return new VerifiedTokenCache(
                TestTokens.verifier(validator), validator, clock, SecurityConfiguration.VERIFIED_TOKENS_REMEMBERED);
    }

    @Bean
    @Primary
    Clock testClock() {
        return CLOCK;
    }
}
