package se.teknikivast.minasidor.notification.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.teknikivast.minasidor.resourceserver.EndpointScopes;

/**
 * The operations API needs scope {@code notifications.admin} (the operations team's client {@code drift}) in a token
 * that names {@code notification-service} in {@code aud}; the rest of the security setup is resource-server-support's.
 */
@Configuration(proxyBeanMethods = false)
class EndpointScopesConfiguration {

    static final String ADMIN = "SCOPE_notifications.admin";

    @Bean
    EndpointScopes endpointScopes() {
        return requests -> requests.requestMatchers("/internal/**").hasAuthority(ADMIN);
    }
}
