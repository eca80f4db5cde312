package se.teknikivast.minasidor.gateway.startpage;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param baseUri customer-service, reached directly (not through the gateway's own routes) */
@Validated
@ConfigurationProperties("minasidor.gateway.customers")
public record CustomerServiceProperties(@NotBlank String baseUri) {}
