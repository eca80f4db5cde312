package se.teknikivast.minasidor.bankid.support;

import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Test tokens instead of auth-service's JWKS, and a clock the test moves. */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

    /** Shared by every context in the test JVM, so two "instances" agree on BankID's time like real servers do. */
    public static final MutableClock CLOCK = MutableClock.startingNow();

    @Bean
    JwtDecoder testJwtDecoder() {
        return TestTokens.decoder();
    }

    @Bean
    @Primary
    Clock testClock() {
        return CLOCK;
    }
}
