package se.teknikivast.minasidor.gateway.logout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * "Logga ut" at auth-service, server to server (docs/security.md, "Logging out").
 *
 * @param revocationUri auth-service's RFC 7009 endpoint, reached directly (not through the public origin)
 * @param backChannelUri auth-service's {@code POST /internal/logout}: ends the login's authorization and sessions
 * @param timeout how long the logout request waits for auth-service before the outbox takes over
 * @param retryInterval how often the outbox tries again while auth-service does not answer
 * @param giveUpAfter how long an undelivered logout is kept: the longest a login's refresh token lives
 * @param keyPrefix the outbox's Redis keys
 * @param authSessionCookie auth-service's session cookie, expired in the browser at logout as well
 * @param authSessionCookiePath its path (auth-service's context path + "/")
 */
@Validated
@ConfigurationProperties("minasidor.gateway.logout")
public record LogoutProperties(
        @NotBlank String revocationUri,
        @NotBlank String backChannelUri,
        @NotNull Duration timeout,
        @NotNull Duration retryInterval,
        @NotNull Duration giveUpAfter,
        @NotBlank String keyPrefix,
        @NotBlank String authSessionCookie,
        @NotBlank String authSessionCookiePath) {}
