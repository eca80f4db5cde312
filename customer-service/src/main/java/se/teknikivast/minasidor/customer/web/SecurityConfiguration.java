package se.teknikivast.minasidor.customer.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import se.teknikivast.minasidor.resourceserver.VerifiedTokenCache;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OAuth2 resource server for auth-service's JWTs: signature (JWKS), expiry and issuer are checked, then a scope per
 * API. No token → 401, no scope → 403, both as problem details. Stateless: no session, no CSRF (no cookies).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String READ = "SCOPE_customers.read";
    static final String REGISTER = "SCOPE_customers.register";
    static final String ADMIN = "SCOPE_customers.admin";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json) {
        var problems = new ProblemWriter(json);
        var bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
        var bearerDeniedHandler = new BearerTokenAccessDeniedHandler();
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**")
                        .permitAll()
                        // Boot's error page: a failure after authentication keeps its own status instead of a 401.
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/internal/registrations")
                        .hasAuthority(REGISTER)
                        .requestMatchers(HttpMethod.POST, "/internal/customers/import")
                        .hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/internal/customers/*/email")
                        .hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/internal/customers/*/email-changes")
                        .hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/internal/customers/search")
                        .hasAuthority(READ)
                        .requestMatchers(HttpMethod.GET, "/internal/customers/*")
                        .hasAuthority(READ)
                        .requestMatchers("/internal/**")
                        .denyAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(new LeanBearerTokenResolver())
                        .jwt(jwt -> {})
                        .authenticationEntryPoint((request, response, exception) -> {
                            // The bearer entry point sets WWW-Authenticate (RFC 6750) and the status.
                            bearerEntryPoint.commence(request, response, exception);
                            problems.write(
                                    request,
                                    response,
                                    Problems.of(
                                            HttpStatus.UNAUTHORIZED,
                                            "unauthorized",
                                            "Inloggning krävs",
                                            "En giltig åtkomsttoken krävs för den här tjänsten."));
                        })
                        .accessDeniedHandler((request, response, exception) -> {
                            bearerDeniedHandler.handle(request, response, exception);
                            problems.write(
                                    request,
                                    response,
                                    Problems.of(
                                            HttpStatus.FORBIDDEN,
                                            "forbidden",
                                            "Åtkomst nekad",
                                            "Åtkomsttoken saknar behörighet (scope) för den här tjänsten."));
                        }))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /**
     * Spring Security's own observations (per filter, authentication, authorization) are off
     * ({@code management.observations.enable.spring.security: false}: they cost more than the work they measure), but
     * without this bean the filter chain would still wrap every security filter in an observation decorator that then
     * records nothing. Requests as a whole stay observed ({@code http.server.requests}, traces).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Reads keys from auth-service lazily (first token), so this service starts even while auth-service does not.
     * Each token's signature is verified once; until it expires, the verified token is taken from a bounded cache and
     * its claims are validated again on every request ({@link VerifiedTokenCache} says why that is safe).
     */
    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, Clock clock) {
        // auth-service signs with ES256 (docs/conventions.md); Nimbus' default accepts only RS256.
        var verifier = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        var validator = validator(properties.issuer(), clock);
        verifier.setJwtValidator(validator);
        return new VerifiedTokenCache(verifier, validator, clock, properties.verifiedTokenCacheSize());
    }

    /** Spring Security's default validation (expiry and not-before with 60 s skew, type, issuer) on our clock. */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, Clock clock) {
        var timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        return JwtValidators.createDefaultWithValidators(timestamps, new JwtIssuerValidator(issuer));
    }

    private record ProblemWriter(JsonMapper json) {
        void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
            var body = new LinkedHashMap<String, Object>();
            body.put("type", problem.getType().toString());
            body.put("title", problem.getTitle());
            body.put("status", problem.getStatus());
            body.put("detail", problem.getDetail());
            body.put("instance", request.getRequestURI());
            if (problem.getProperties() != null) {
                body.putAll(problem.getProperties());
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), body);
        }
    }
}
