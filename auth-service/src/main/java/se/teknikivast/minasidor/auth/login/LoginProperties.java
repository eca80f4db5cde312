package se.teknikivast.minasidor.auth.login;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param defaultTargetUrl where a login that did not start at the authorize endpoint lands (the Mina sidor start page) */
@Validated
@ConfigurationProperties("minasidor.login")
public record LoginProperties(@NotNull URI defaultTargetUrl) {}
