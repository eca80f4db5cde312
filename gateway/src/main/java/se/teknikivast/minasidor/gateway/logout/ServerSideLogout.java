package se.teknikivast.minasidor.gateway.logout;

import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.login.LoginProperties;

/**
 * "Logga ut" as one act on the server (docs/security.md, "Logging out"), after Spring Security's own logout handlers
 * (security context, CSRF token):
 *
 * <ol>
 *   <li>the login's tokens go into the {@link LogoutOutbox};
 *   <li>the gateway session is deleted (login and tokens, on every instance);
 *   <li>auth-service is asked, server to server, to revoke the refresh and access token and to end the login's
 *       authorization and the customer's auth-service sessions ({@link AuthServiceLogout}); once it has, the outbox
 *       forgets the logout, otherwise {@link LogoutRelay} tries again;
 *   <li>auth-service's session cookie is expired in the browser too, and the browser is sent to {@code /utloggad},
 *       a plain page: nothing is left for a script to do.
 * </ol>
 *
 * The customer is logged out of the gateway whether or not auth-service answered.
 */
@Component
public final class ServerSideLogout implements ServerLogoutSuccessHandler {

    private static final Logger log = LoggerFactory.getLogger(ServerSideLogout.class);

    static final String LOGGED_OUT = "/utloggad";

    private final ServerOAuth2AuthorizedClientRepository authorizedClients;
    private final LogoutOutbox outbox;
    private final AuthServiceLogout authService;
    private final LogoutProperties properties;

    ServerSideLogout(
            ServerOAuth2AuthorizedClientRepository authorizedClients,
            LogoutOutbox outbox,
            AuthServiceLogout authService,
            LogoutProperties properties) {
        this.authorizedClients = authorizedClients;
        this.outbox = outbox;
        this.authService = authService;
        this.properties = properties;
    }

    @Override
    public Mono<Void> onLogoutSuccess(WebFilterExchange filterExchange, Authentication authentication) {
        var exchange = filterExchange.getExchange();
        return tokens(authentication, exchange)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(tokens ->
                        tokens.map(found -> endEverywhere(exchange, found)).orElseGet(() -> endSession(exchange)))
                .then(Mono.defer(() -> answer(exchange)));
    }

    private Mono<LoginTokens> tokens(Authentication authentication, ServerWebExchange exchange) {
        if (authentication == null) {
            return Mono.empty();
        }
        return authorizedClients
                .loadAuthorizedClient(LoginProperties.REGISTRATION_ID, authentication, exchange)
                .map(LoginTokens::of);
    }

    private Mono<Void> endEverywhere(ServerWebExchange exchange, LoginTokens tokens) {
        return outbox.add(tokens)
                .map(Optional::of)
                .onErrorResume(error -> {
                    log.warn(
                            "Logout not kept for retries ({}); asking auth-service once",
                            error.getClass().getSimpleName());
                    return Mono.just(Optional.empty());
                })
                .flatMap(kept -> endSession(exchange)
                        .then(authService
                                .end(tokens)
                                .then(kept.map(outbox::done).orElse(Mono.empty()))
                                .onErrorResume(AuthServiceLogout.Refused.class, refused -> {
                                    log.warn("auth-service refused the logout: {}", refused.getMessage());
                                    return kept.map(outbox::done).orElse(Mono.empty());
                                })
                                .onErrorResume(AuthServiceLogout.Unreachable.class, down -> {
                                    log.warn(
                                            "{}; the logout is retried every {}",
                                            down.getMessage(),
                                            properties.retryInterval());
                                    return Mono.empty();
                                })));
    }

    private static Mono<Void> endSession(ServerWebExchange exchange) {
        return exchange.getSession().flatMap(WebSession::invalidate);
    }

    private Mono<Void> answer(ServerWebExchange exchange) {
        var response = exchange.getResponse();
        response.addCookie(ResponseCookie.from(properties.authSessionCookie(), "")
                .path(properties.authSessionCookiePath())
                .maxAge(0)
                .httpOnly(true)
                .secure(true)
                .sameSite("Lax")
                .build());
        response.setStatusCode(HttpStatus.SEE_OTHER);
        response.getHeaders().setLocation(URI.create(LOGGED_OUT));
        return response.setComplete();
    }
}
