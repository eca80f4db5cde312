package se.teknikivast.minasidor.bankid.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapter API is an OAuth2 resource server: a JWT from auth-service with scope {@code bankid}. No token → 401,
 * no scope → 403, both as problem details. Health and metrics stay open for probes and Prometheus.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private final JsonMapper json = JsonMapper.builder().build();

    @Bean
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
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
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            write(
                                    response,
                                    HttpStatus.UNAUTHORIZED,
                                    "unauthorized",
                                    "Inloggning krävs",
                                    "En giltig åtkomsttoken krävs.");
                        })
                        .accessDeniedHandler((request, response, e) -> write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Åtkomst nekad",
                                "Åtkomsttoken saknar behörigheten bankid.")))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
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
