package se.teknikivast.minasidor.resourceserver;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The one security setup of the services that accept auth-service's access tokens: the token verification
 * ({@link AccessTokens}: ES256, issuer, audience, type, time on the application's {@link Clock}, behind the
 * {@link VerifiedTokenCache}), a stateless filter chain that opens only the probes, Prometheus and the OpenAPI
 * document, lets each service
 * say which paths need which scope ({@link EndpointScopes}) and denies everything else, and 401/403/503 as problem
 * details ({@link SecurityProblems}). Runs before Spring Boot's own resource-server and web-security
 * configurations, which then back off.
 */
@AutoConfiguration(
        before = {
            OAuth2ResourceServerAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({OAuth2ResourceServerProperties.class, ResourceServerProperties.class})
public class ResourceServerAutoConfiguration {

    /**
     * Open to everyone: the platform's probes, Prometheus, Boot's error page (so an error keeps its status), and the
     * service's OpenAPI document (springdoc), from which internal teams generate their clients.
     */
    static final String[] OPEN = {
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/actuator/prometheus",
        "/error",
        "/v3/api-docs",
        "/v3/api-docs/**"
    };

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(
            OAuth2ResourceServerProperties properties, ResourceServerProperties resourceServer, Clock clock) {
        return AccessTokens.decoder(properties.getJwt(), clock, resourceServer.verifiedTokensRemembered());
    }

    /**
     * Matches every request, so it comes after any narrower chain a service adds for paths of its own (e.g. the BankID
     * simulator's pages in bankid-adapter's simulator profile).
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 5)
    SecurityFilterChain resourceServerSecurity(
            HttpSecurity http, JwtDecoder jwtDecoder, ObjectProvider<EndpointScopes> endpointScopes) {
        var problems = new SecurityProblems();
        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers(OPEN).permitAll();
                    endpointScopes.orderedStream().forEach(scopes -> scopes.configure(requests));
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(new LeanBearerTokenResolver())
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                                filter.setAuthenticationFailureHandler(problems);
                                return filter;
                            }
                        })
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens only, no cookies: nothing for CSRF to ride on, no logout, no saved requests.
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /**
     * No Spring Security observations: {@code management.observations.enable.spring.security: false} records none,
     * but without this bean every security filter would still be wrapped in an observation decorator (profiled: a
     * few percent of a request). Requests as a whole stay observed ({@code http.server.requests}, traces).
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
