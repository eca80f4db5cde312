package se.teknikivast.minasidor.gateway.login;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway as OAuth2 client of auth-service. The provider's endpoints are given one by one instead of being
 * discovered from the issuer at start-up: the issuer is served through this very gateway, which is not listening
 * yet while it starts. The browser is sent to the public authorization URL; the gateway reaches the token, JWKS and
 * userinfo endpoints on auth-service directly (and, at logout, revocation and the back channel: LogoutProperties).
 *
 * @param redirectUri may use {@code {baseUrl}} and {@code {registrationId}}
 * @param idTokenSignatureAlgorithm JWS algorithm of auth-service's ID tokens (e.g. {@code ES256})
 * @param absoluteSessionTimeout a login session ends this long after it began, however active it is
 */
@Validated
@ConfigurationProperties("minasidor.gateway.login")
public record LoginProperties(
        @NotBlank String clientId,
        @NotBlank String clientSecret,
        @NotEmpty List<String> scopes,
        @NotBlank String issuer,
        @NotBlank String authorizationUri,
        @NotBlank String tokenUri,
        @NotBlank String jwkSetUri,
        @NotBlank String userInfoUri,
        @NotBlank String redirectUri,
        @NotBlank String idTokenSignatureAlgorithm,
        @NotNull Duration absoluteSessionTimeout) {

    /** Also the last segment of {@code /oauth2/authorization/mina-sidor} and the redirect URI. */
    public static final String REGISTRATION_ID = "mina-sidor";
}
