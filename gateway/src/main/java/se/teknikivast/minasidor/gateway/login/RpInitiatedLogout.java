package se.teknikivast.minasidor.gateway.login;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Ends the auth-service session too (OIDC RP-initiated logout). The logout request is POSTed rather than sent
 * as a redirect, so the ID token hint never appears in a URL, the browser history or an access log. A small
 * same-origin script submits the form at once; without script the customer presses "Fortsätt".
 */
final class RpInitiatedLogout implements ServerLogoutSuccessHandler {

    private final LoginProperties login;

    RpInitiatedLogout(LoginProperties login) {
        this.login = login;
    }

    /**
     * Runs after Spring Security's own logout handlers (security context, CSRF token), which still write to the
     * session; only then is it deleted, which drops the login and the tokens with it on every instance.
     */
    @Override
    public Mono<Void> onLogoutSuccess(WebFilterExchange filterExchange, Authentication authentication) {
        var exchange = filterExchange.getExchange();
        return exchange.getSession()
                .flatMap(WebSession::invalidate)
                .then(Mono.defer(() -> answer(exchange, authentication)));
    }

    private Mono<Void> answer(ServerWebExchange exchange, Authentication authentication) {
        var postLogoutRedirect = expand(login.postLogoutRedirectUri(), exchange);
        var response = exchange.getResponse();
        if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
            response.setStatusCode(HttpStatus.SEE_OTHER);
            response.getHeaders().setLocation(URI.create(postLogoutRedirect));
            return response.setComplete();
        }
        var page = """
                <!DOCTYPE html>
                <html lang="sv">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Loggar ut – Mina sidor</title>
                <link rel="stylesheet" href="/css/mina-sidor.css">
                <script src="/js/utloggning.js" defer></script>
                </head>
                <body>
                <main class="ensam">
                <h1>Du loggas ut …</h1>
                <form id="utloggning" method="post" action="%s">
                <input type="hidden" name="id_token_hint" value="%s">
                <input type="hidden" name="client_id" value="%s">
                <input type="hidden" name="post_logout_redirect_uri" value="%s">
                <button type="submit">Fortsätt</button>
                </form>
                </main>
                </body>
                </html>
                """.formatted(
                        HtmlUtils.htmlEscape(login.endSessionUri()),
                        HtmlUtils.htmlEscape(user.getIdToken().getTokenValue()),
                        HtmlUtils.htmlEscape(login.clientId()),
                        HtmlUtils.htmlEscape(postLogoutRedirect));
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        response.getHeaders().setCacheControl("no-store");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(page.getBytes(StandardCharsets.UTF_8))));
    }

    private static String expand(String template, ServerWebExchange exchange) {
        var baseUrl = UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                .replacePath(null)
                .replaceQuery(null)
                .fragment(null)
                .build()
                .toUriString();
        return template.replace("{baseUrl}", baseUrl);
    }
}
