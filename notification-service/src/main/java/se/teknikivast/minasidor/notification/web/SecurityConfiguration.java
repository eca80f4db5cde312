package se.teknikivast.minasidor.notification.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resource server: the operations API needs a token from auth-service with scope {@code notifications.admin}.
 * Health and metrics stay open for the platform's probes and Prometheus.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String ADMIN = "SCOPE_notifications.admin";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json) throws Exception {
        var bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
        var bearerDenied = new BearerTokenAccessDeniedHandler();
        // Keeps the RFC 6750 WWW-Authenticate header, and adds a problem body.
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            bearerEntryPoint.commence(request, response, e);
            write(
                    json,
                    response,
                    Problems.of(
                            HttpStatus.UNAUTHORIZED,
                            "unauthorized",
                            "Inloggning krävs",
                            "En giltig åtkomsttoken krävs."));
        };
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/internal/**")
                        .hasAuthority(ADMIN)
                        .anyRequest()
                        .denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies: nothing for CSRF to ride on
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, e) -> {
                            bearerDenied.handle(request, response, e);
                            write(
                                    json,
                                    response,
                                    Problems.of(
                                            HttpStatus.FORBIDDEN,
                                            "forbidden",
                                            "Åtkomst nekad",
                                            "Token saknar behörigheten notifications.admin."));
                        }))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, e) -> {
                            bearerDenied.handle(request, response, e);
                            write(
                                    json,
                                    response,
                                    Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Åtkomst nekad", "Åtkomst nekad."));
                        }))
                .build();
    }

    private static void write(JsonMapper json, jakarta.servlet.http.HttpServletResponse response, ProblemDetail problem)
            throws java.io.IOException {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
