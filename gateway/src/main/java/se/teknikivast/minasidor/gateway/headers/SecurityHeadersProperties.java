package se.teknikivast.minasidor.gateway.headers;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The response headers of docs/security.md ("The defaults": headers). */
@Validated
@ConfigurationProperties("minasidor.gateway.headers")
public record SecurityHeadersProperties(
        @NotBlank String contentSecurityPolicy,
        @NotBlank String strictTransportSecurity,
        @NotBlank String referrerPolicy,
        @NotBlank String permissionsPolicy) {}
