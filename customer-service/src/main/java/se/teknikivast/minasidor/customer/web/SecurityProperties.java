package se.teknikivast.minasidor.customer.web;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param jwkSetUri auth-service's JWKS, read directly from auth-service ({@code MINASIDOR_JWKS_URI})
 * @param issuer the public issuer every token must name ({@code MINASIDOR_ISSUER})
 */
@Validated
@ConfigurationProperties("minasidor.security")
public record SecurityProperties(
        @NotBlank String jwkSetUri, @NotBlank String issuer) {}
