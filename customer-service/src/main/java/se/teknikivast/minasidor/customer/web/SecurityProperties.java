package se.teknikivast.minasidor.customer.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param jwkSetUri auth-service's JWKS, read directly from auth-service ({@code MINASIDOR_JWKS_URI})
 * @param issuer the public issuer every token must name ({@code MINASIDOR_ISSUER})
 * @param verifiedTokenCacheSize how many verified access tokens are kept until they expire, so that their signature is
 *     checked once instead of on every request (claims are still validated every time); 0 = verify every request
 */
@Validated
@ConfigurationProperties("minasidor.security")
public record SecurityProperties(
        @NotBlank String jwkSetUri,
        @NotBlank String issuer,
        @DefaultValue("10000") @PositiveOrZero int verifiedTokenCacheSize) {}
