package se.teknikivast.minasidor.resourceserver;

import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties do not cover.
 *
 * @param verifiedTokensRemembered how many verified access tokens are kept until they expire, so that a token's
 *     signature is checked once instead of on every request (claims are still validated every time); 0 = verify the
 *     signature on every request. Far more than the tokens alive at once: callers reuse one token for its 5 minutes.
 */
@Validated
@ConfigurationProperties("minasidor.resource-server")
public record ResourceServerProperties(
        @DefaultValue("10000") @PositiveOrZero int verifiedTokensRemembered) {}
