package se.teknikivast.minasidor.resourceserver;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's part of the shared security setup: which of its paths need which scope. The shared setup opens the
 * health, info and Prometheus endpoints, Boot's error page and the OpenAPI document ({@code /v3/api-docs}) before,
 * and denies every path no rule names after.
 *
 * <pre>{@code
 * @Bean
 * EndpointScopes endpointScopes() {
 *     return requests -> requests.requestMatchers("/internal/**").hasAuthority("SCOPE_notifications.admin");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EndpointScopes {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
