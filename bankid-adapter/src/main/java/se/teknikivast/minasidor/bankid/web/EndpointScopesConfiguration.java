package se.teknikivast.minasidor.bankid.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.teknikivast.minasidor.resourceserver.EndpointScopes;

/**
 * The adapter API needs scope {@code bankid} (auth-service's client) in a token that names {@code bankid-adapter} in
 * {@code aud}; the rest of the security setup is resource-server-support's. The simulator's pages and RP API are
 * not behind it: they run in the simulator profile only, on their own security chain.
 */
@Configuration(proxyBeanMethods = false)
class EndpointScopesConfiguration {

    static final String BANKID = "SCOPE_bankid";

    @Bean
    EndpointScopes endpointScopes() {
        return requests -> requests.requestMatchers("/api/**").hasAuthority(BANKID);
    }
}
