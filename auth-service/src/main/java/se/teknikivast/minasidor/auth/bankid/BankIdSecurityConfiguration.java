package se.teknikivast.minasidor.auth.bankid;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import se.teknikivast.minasidor.auth.web.SecurityHeaders;

/**
 * The BankID endpoints under {@code /bankid/**}: open to anyone who has not logged in yet, CSRF-protected like the
 * login form (the same session-held token), the same security headers. Its own chain so the login chain stays as
 * it is.
 */
@Configuration(proxyBeanMethods = false)
class BankIdSecurityConfiguration {

    @Bean
    @Order(0)
    SecurityFilterChain bankIdFilterChain(HttpSecurity http, SecurityHeaders headers) throws Exception {
        http.securityMatcher("/bankid/**")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
        headers.apply(http);
        return http.build();
    }
}
