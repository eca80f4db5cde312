package se.teknikivast.minasidor.notification;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.TestPropertySource;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithKafka;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithSmtp;

/**
 * The whole service against real PostgreSQL, Kafka and SMTP, on topics of its own, with fast retries and tokens signed
 * by a key made here. Every test class with this annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithSmtp
@Import(NotificationIntegrationTest.Support.class)
@TestPropertySource(
        properties = {
            "minasidor.notification.delivery.poll-interval=200ms",
            "minasidor.notification.delivery.first-retry-after=200ms",
            "minasidor.notification.delivery.max-retry-interval=500ms",
            "minasidor.notification.delivery.retry-for=8s",
        })
public @interface NotificationIntegrationTest {

    String ISSUER = "http://localhost:8080/auth";

    @TestConfiguration(proxyBeanMethods = false)
    class Support {

        private static final RSAKey KEY = generate();

        @Bean
        DynamicPropertyRegistrar uniqueTopics() {
            var topic = TestInfrastructure.uniqueName("notification.email.v1");
            return registry -> {
                registry.add("minasidor.notification.kafka.topic", () -> topic);
                registry.add("minasidor.notification.kafka.dead-letter-topic", () -> topic + ".dlt");
            };
        }

        @Bean
        JwtDecoder testJwtDecoder() throws Exception {
            var decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
            return decoder;
        }

        @Bean
        Tokens tokens() {
            return new Tokens();
        }

        private static RSAKey generate() {
            try {
                return new RSAKeyGenerator(2048).keyID("test").generate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Mints access tokens as auth-service would. */
    final class Tokens {
        private final NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(Support.KEY)));

        public String withScopes(String... scopes) {
            var now = Instant.now();
            var claims = JwtClaimsSet.builder()
                    .issuer(ISSUER)
                    .subject("kundservice")
                    .issuedAt(now)
                    .expiresAt(now.plusSeconds(300))
                    .claim("scope", String.join(" ", List.of(scopes)))
                    .build();
            var header = JwsHeader.with(SignatureAlgorithm.RS256).keyId("test").build();
            return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        }
    }
}
