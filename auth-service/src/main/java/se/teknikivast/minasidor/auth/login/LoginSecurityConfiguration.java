package se.teknikivast.minasidor.auth.login;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import se.teknikivast.minasidor.auth.web.SecurityHeaders;

/** Pages outside the OAuth2 endpoints: the login page and the public pages of not-yet-logged-in customers. */
@Configuration(proxyBeanMethods = false)
class LoginSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain pageFilterChain(
            HttpSecurity http,
            PasswordAuthenticationProvider passwords,
            LoginFailures failures,
            LoginProperties properties,
            SecurityHeaders headers)
            throws Exception {
        var success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl(properties.defaultTargetUrl().toString());
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(
                                "/login",
                                "/registrering",
                                "/registrering/**",
                                "/losenord",
                                "/losenord/**",
                                "/css/**",
                                "/js/**",
                                "/img/**",
                                "/favicon.ico",
                                "/error",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/actuator/info")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .authenticationProvider(passwords)
                .formLogin(
                        form -> form.loginPage("/login").successHandler(success).failureHandler(failures))
                // Session fixation: Spring Security gives the session a new id at login (changeSessionId, which
                // Spring Session's Redis repository supports), so an id planted before login is worthless after it.
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        headers.apply(http);
        return http.build();
    }
}
