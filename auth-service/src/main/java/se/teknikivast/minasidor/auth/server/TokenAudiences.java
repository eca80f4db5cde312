package se.teknikivast.minasidor.auth.server;

import jakarta.validation.constraints.NotEmpty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.validation.annotation.Validated;

/**
 * Which resource server each scope is for: an access token's {@code aud} names exactly the services its scopes open,
 * so a token for one service is refused by the others (each checks {@code aud}). A token whose scopes open no
 * service (only {@code openid profile}) keeps the default audience, its client id, which no service accepts.
 *
 * @param audiences resource server name → the scopes it serves (docs/service-apis.md)
 */
@Validated
@ConfigurationProperties("minasidor.tokens")
record TokenAudiences(@NotEmpty Map<String, Set<String>> audiences) {

    /** The resource servers that serve any of {@code scopes}, in configuration order. */
    List<String> forScopes(Collection<String> scopes) {
        var names = new ArrayList<String>();
        audiences.forEach((audience, served) -> {
            if (scopes.stream().anyMatch(served::contains)) {
                names.add(audience);
            }
        });
        return names;
    }

    /** The token customizer's part: access tokens only (an ID token's audience is the client, by OIDC). */
    void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        var names = forScopes(context.getAuthorizedScopes());
        if (!names.isEmpty()) {
            context.getClaims().audience(names);
        }
    }
}
