package se.teknikivast.minasidor.bankid.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
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
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;
import se.teknikivast.minasidor.resourceserver.VerifiedTokenCache;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapter API is an OAuth2 resource server: a JWT from auth-service with scope {@code bankid}. No token → 401,
 * no scope → 403, both as problem details; tokens that cannot be checked because auth-service's JWKS is unreachable
 * → 503. Health and metrics stay open for probes and Prometheus.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Far more than the access tokens alive at once (auth-service uses one client-credentials token at a time). */
    public static final int VERIFIED_TOKENS_REMEMBERED = 10_000;

    private final JsonMapper json = JsonMapper.builder().build();

    @Bean
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder jwtDecoder) throws Exception {
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
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
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
     * auth-service's access tokens, verified as Spring Boot's auto-configured decoder would (the same
     * {@code spring.security.oauth2.resourceserver.jwt} properties: {@code jwk-set-uri}, read lazily on the first
     * token so the adapter starts without auth-service; {@code jws-algorithms}; {@code issuer-uri};
     * {@code audiences}), but with one claim validator on our clock that the verifier and the cache of verified
     * tokens share: each token's signature is verified once, and its claims are validated again on every request
     * (auth-service polls collect every 2 s per login with one client-credentials token; {@link VerifiedTokenCache}
     * says why that is safe).
     */
    @Bean
    JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties, Clock clock) {
        var jwt = properties.getJwt();
        var validator = validator(jwt.getIssuerUri(), jwt.getAudiences(), clock);
        var verifier = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
                .jwsAlgorithms(algorithms -> jwt.getJwsAlgorithms().forEach(name -> {
                    var algorithm = SignatureAlgorithm.from(name);
                    if (algorithm == null) {
                        throw new IllegalStateException(
                                "spring.security.oauth2.resourceserver.jwt.jws-algorithms: unknown algorithm " + name);
                    }
                    algorithms.add(algorithm);
                }))
                .build();
        verifier.setJwtValidator(validator);
        return new VerifiedTokenCache(verifier, validator, clock, VERIFIED_TOKENS_REMEMBERED);
    }

    /**
     * Spring Security's default validation (expiry and not-before with 60 s skew, type) on {@code clock}, plus the
     * issuer and the audiences when configured — what Boot's decoder checks, for the verifier and the cache alike.
     */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences, Clock clock) {
        var timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        var validators = new ArrayList<OAuth2TokenValidator<Jwt>>();
        validators.add(timestamps);
        if (StringUtils.hasText(issuer)) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (audiences != null && !audiences.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && !Collections.disjoint(aud, audiences)));
        }
        return JwtValidators.createDefaultWithValidators(validators);
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
