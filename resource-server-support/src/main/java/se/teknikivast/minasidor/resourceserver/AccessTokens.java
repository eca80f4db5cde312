package se.teknikivast.minasidor.resourceserver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The verification of auth-service's access tokens, from Spring Boot's standard
 * {@code spring.security.oauth2.resourceserver.jwt} properties: {@code jwk-set-uri} (read lazily, on the first token,
 * so a service starts while auth-service does not), {@code jws-algorithms} (ES256 unless a service says otherwise, see
 * {@link ResourceServerDefaults}), {@code issuer-uri} (compared with {@code iss}; no discovery call) and
 * {@code audiences} (the token's {@code aud} must name one of them).
 */
public final class AccessTokens {

    private AccessTokens() {}

    /**
     * The signature verification and, behind it, the cache of verified tokens, both with one {@link #validator}:
     * each token's signature is checked once, its claims on every request ({@link VerifiedTokenCache} says why that
     * is safe).
     */
    public static JwtDecoder decoder(
            OAuth2ResourceServerProperties.Jwt jwt, Clock clock, int verifiedTokensRemembered) {
        if (!StringUtils.hasText(jwt.getJwkSetUri())) {
            throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.jwk-set-uri is not set");
        }
        var validator = validator(jwt.getIssuerUri(), jwt.getAudiences(), clock);
        var verifier = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
                .jwsAlgorithms(algorithms -> jwt.getJwsAlgorithms().forEach(name -> algorithms.add(algorithm(name))))
                .build();
        verifier.setJwtValidator(validator);
        return new VerifiedTokenCache(verifier, validator, clock, verifiedTokensRemembered);
    }

    /**
     * Spring Security's default validation (expiry and not-before with 60 s skew, {@code typ} JWT or none) on
     * {@code clock}, the issuer, and the audience: a token must name at least one of {@code audiences}. A resource
     * server without an issuer or an audience refuses to start: it would accept tokens meant for anyone.
     */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, Collection<String> audiences, Clock clock) {
        if (!StringUtils.hasText(issuer)) {
            throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.issuer-uri is not set");
        }
        if (audiences == null || audiences.isEmpty()) {
            throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.audiences is not set: name the"
                    + " audience this service accepts tokens for (its name, e.g. customer-service)");
        }
        var accepted = List.copyOf(audiences);
        var timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        var validators = new ArrayList<OAuth2TokenValidator<Jwt>>();
        validators.add(timestamps);
        validators.add(new JwtIssuerValidator(issuer));
        validators.add(new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && !Collections.disjoint(aud, accepted)));
        return JwtValidators.createDefaultWithValidators(validators);
    }

    private static SignatureAlgorithm algorithm(String name) {
        var algorithm = SignatureAlgorithm.from(name);
        if (algorithm == null) {
            throw new IllegalStateException(
                    "spring.security.oauth2.resourceserver.jwt.jws-algorithms: unknown algorithm " + name);
        }
        return algorithm;
    }
}
