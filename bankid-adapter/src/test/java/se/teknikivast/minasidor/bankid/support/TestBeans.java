package se.teknikivast.minasidor.bankid.support;

import java.time.Clock;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistrar;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;
import se.teknikivast.minasidor.resourceserver.AccessTokens;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/** The test issuer's keys instead of auth-service's, and a clock the test moves. */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

    /** Shared by every context in the test JVM, so two "instances" agree on BankID's time like real servers do. */
    public static final MutableClock CLOCK = MutableClock.startingNow();

    @Bean
    DynamicPropertyRegistrar testIssuerKeys() {
        return TestIssuer.jwkSetUriProperty();
    }

    /**
     * The production verification ({@link AccessTokens}, from the service's own properties), but on real time: the
     * tests move {@link #CLOCK} by minutes for BankID's windows, while {@link TestTokens} mints tokens valid for 5
     * minutes from now.
     */
    @Bean
    JwtDecoder realTimeJwtDecoder(OAuth2ResourceServerProperties properties) {
        return AccessTokens.decoder(properties.getJwt(), Clock.systemUTC(), 10_000);
    }

    @Bean
    @Primary
    Clock testClock() {
        return CLOCK;
    }
}
