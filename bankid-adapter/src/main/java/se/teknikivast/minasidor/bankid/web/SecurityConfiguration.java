package se.teknikivast.minasidor.bankid.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapter API is an OAuth2 resource server: a JWT from auth-service with scope {@code bankid}. No token → 401,
 * no scope → 403, both as problem details; tokens that cannot be checked because auth-service's JWKS is unreachable
 * → 503. Health and metrics stay open for probes and Prometheus.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Far more than the access tokens alive at once (auth-service uses one client-credentials token at a time). */
    static final int VERIFIED_TOKENS_REMEMBERED = 10_000;

    private final JsonMapper json = JsonMapper.builder().build();

    @Bean
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder jwtDecoder, Clock clock) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Inloggning krävs",
                    "En giltig åtkomsttoken krävs.");
        };
        // Spring Security rethrows an AuthenticationServiceException (the token could not be checked at all, e.g.
        // the JWKS is unreachable), which would end as a 500; it is our dependency being down, not the caller's fault.
        AuthenticationFailureHandler failure = (request, response, e) -> {
            if (e instanceof AuthenticationServiceException) {
                log.warn("Cannot verify access tokens: {}", e.getMessage());
                response.setHeader("Retry-After", "5");
                write(
                        response,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "authentication-unavailable",
                        "Tjänsten är inte tillgänglig",
                        "Åtkomsttoken kan inte kontrolleras just nu. Försök igen om en stund.");
            } else {
                unauthorized.commence(request, response, e);
            }
        };
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .hasAuthority("SCOPE_bankid")
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(new CachingJwtDecoder(jwtDecoder, clock, VERIFIED_TOKENS_REMEMBERED)))
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                                filter.setAuthenticationFailureHandler(failure);
                                return filter;
                            }
                        })
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, e) -> write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Åtkomst nekad",
                                "Åtkomsttoken saknar behörigheten bankid.")))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // A token API: no logout, no saved requests to replay after a login, no servlet-API wrapping.
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .servletApi(servletApi -> servletApi.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * No Spring Security observations at all: not only switched off (management.observations.enable.spring.security)
     * but not even wrapped around every filter, the authentication and the authorization (profiled: the wrappers
     * alone were a few percent of a collect). Requests as a whole are still observed (http.server.requests, traces).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private void write(HttpServletResponse response, HttpStatus status, String code, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "https://teknikivast.se/problems/" + code);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("code", code);
        json.writeValue(response.getOutputStream(), problem);
    }
}
