package se.teknikivast.minasidor.auth.logout;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import se.teknikivast.minasidor.auth.web.SecurityHeaders;

/**
 * {@code /internal/**}: server-to-server endpoints for our OAuth2 clients, authenticated like the token endpoint
 * (HTTP Basic with the client's id and secret, checked against the registered clients) and nothing else: no session,
 * no CSRF token (no cookie is involved), no login page. The gateway never routes {@code /auth/internal/**} from
 * outside.
 */
@Configuration(proxyBeanMethods = false)
class ClientLogoutSecurityConfiguration {

    /** The authority every authenticated client has here; which logins it may end is decided per token. */
    static final String CLIENT = "OAUTH2_CLIENT";

    @Bean
    @Order(0)
    SecurityFilterChain internalClientFilterChain(
            HttpSecurity http,
            RegisteredClientRepository clients,
            PasswordEncoder clientSecretEncoder,
            SecurityHeaders headers)
            throws Exception {
        UserDetailsService byClientId = clientId -> {
            var client = clients.findByClientId(clientId);
            if (client == null || client.getClientSecret() == null) {
                throw new UsernameNotFoundException("No such client");
            }
            return User.withUsername(client.getClientId())
                    .password(client.getClientSecret())
                    .authorities(CLIENT)
                    .build();
        };
        var provider = new DaoAuthenticationProvider(byClientId);
        provider.setPasswordEncoder(clientSecretEncoder);
        http.securityMatcher("/internal/**")
                .authenticationManager(new ProviderManager(provider))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().hasAuthority(CLIENT))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        headers.apply(http);
        return http.build();
    }
}
