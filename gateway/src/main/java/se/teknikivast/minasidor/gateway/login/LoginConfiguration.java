package se.teknikivast.minasidor.gateway.login;

import static org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers.pathMatchers;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses;
import se.teknikivast.minasidor.gateway.problem.ProblemResponses.Problem;
import se.teknikivast.minasidor.gateway.session.CustomerSessions;

@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class LoginConfiguration {

    static final String LOGIN_PATH = "/oauth2/authorization/" + LoginProperties.REGISTRATION_ID;

    static final Problem NOT_LOGGED_IN = new Problem(
            HttpStatus.UNAUTHORIZED,
            "not-logged-in",
            "Du är inte inloggad",
            "Logga in på Mina sidor för att se dina uppgifter.",
            "otillganglig.html");

    @Bean
    ReactiveClientRegistrationRepository clientRegistrations(LoginProperties login) {
        var registration = ClientRegistration.withRegistrationId(LoginProperties.REGISTRATION_ID)
                .clientName("Mina sidor")
                .clientId(login.clientId())
                .clientSecret(login.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(login.redirectUri())
                .scope(login.scopes())
                // Set without discovery, so the ID token's "iss" is still checked against it.
                .issuerUri(login.issuer())
                .authorizationUri(login.authorizationUri())
                .tokenUri(login.tokenUri())
                .jwkSetUri(login.jwkSetUri())
                .userInfoUri(login.userInfoUri())
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .build();
        return new InMemoryReactiveClientRegistrationRepository(registration);
    }

    @Bean
    ReactiveJwtDecoderFactory<ClientRegistration> idTokenDecoders(LoginProperties login) {
        var decoders = new ReactiveOidcIdTokenDecoderFactory();
        var algorithm = SignatureAlgorithm.from(login.idTokenSignatureAlgorithm());
        decoders.setJwsAlgorithmResolver(registration -> algorithm);
        return decoders;
    }

    /** Tokens live in the Redis-backed session, so any gateway instance can relay and refresh them. */
    @Bean
    ServerOAuth2AuthorizedClientRepository authorizedClients() {
        return new WebSessionServerOAuth2AuthorizedClientRepository();
    }

    private static final WebFilter PASS_THROUGH = (exchange, chain) -> chain.filter(exchange);

    /**
     * Static files (see {@link StaticFiles}) get a filter chain that does nothing: Spring Security's firewall still
     * checks them (it runs before any chain is chosen), but nothing loads the session or the security context for
     * them, so a stylesheet costs no Redis round trip. Everything else takes the chain below.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain staticFilesWithoutSession() {
        return new SecurityWebFilterChain() {
            @Override
            public Mono<Boolean> matches(ServerWebExchange exchange) {
                return Mono.just(StaticFiles.isStaticFile(exchange.getRequest()));
            }

            @Override
            public Flux<WebFilter> getWebFilters() {
                // One pass-through filter rather than none: Spring Security's observation decorator fails on an
                // empty chain.
                return Flux.just(PASS_THROUGH);
            }
        };
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            ReactiveClientRegistrationRepository registrations,
            ServerOAuth2AuthorizedClientRepository authorizedClients,
            LoginProperties login,
            ProblemResponses problems,
            ServerLogoutSuccessHandler serverSideLogout,
            Clock clock) {
        var authorizationRequests = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        var afterLogin = new RedirectServerAuthenticationSuccessHandler("/");

        ServerAuthenticationEntryPoint api = (exchange, exception) -> problems.write(exchange, NOT_LOGGED_IN);
        var entryPoint = new DelegatingServerAuthenticationEntryPoint(new DelegateEntry(pathMatchers("/api/**"), api));
        entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN_PATH));

        return http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers(
                                "/auth/**",
                                "/utloggad",
                                "/fel/**",
                                "/css/**",
                                "/js/**",
                                "/img/**",
                                "/favicon.ico",
                                // The management port's (its child context inherits this chain); on the public port
                                // NoActuatorOnPublicPort answered 404 before.
                                "/actuator/health/**",
                                "/actuator/info",
                                "/actuator/prometheus")
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2Login(oauth2 -> oauth2.authorizationRequestResolver(authorizationRequests)
                        .authorizedClientRepository(authorizedClients)
                        // A new session id once logged in: no session fixation through the pre-login session.
                        // With its login time: a later password change ends it (CustomerSessions).
                        .authenticationSuccessHandler((filterExchange, authentication) -> filterExchange
                                .getExchange()
                                .getSession()
                                .flatMap(session -> {
                                    session.getAttributes().put(CustomerSessions.LOGGED_IN_AT, clock.instant());
                                    return session.changeSessionId();
                                })
                                .then(afterLogin.onAuthenticationSuccess(filterExchange, authentication))))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
                // auth-service protects its own forms; everything else that changes state needs our token.
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
                        CsrfWebFilter.DEFAULT_CSRF_MATCHER,
                        new NegatedServerWebExchangeMatcher(pathMatchers("/auth/**")))))
                // One act on the server: the gateway session, and auth-service's tokens and session (ServerSideLogout).
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessHandler(serverSideLogout))
                // SecurityHeadersFilter writes the headers on every response, proxied ones included.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .build();
    }
}
