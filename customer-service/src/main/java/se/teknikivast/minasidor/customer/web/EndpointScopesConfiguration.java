package se.teknikivast.minasidor.customer.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import se.teknikivast.minasidor.resourceserver.EndpointScopes;

/**
 * Which scope each API needs (docs/service-apis.md). Tokens must name {@code customer-service} in {@code aud}; the
 * rest of the security setup (token verification, 401/403 problems, open probes) is resource-server-support's.
 */
@Configuration(proxyBeanMethods = false)
class EndpointScopesConfiguration {

    /** A logged-in customer's token (the gateway's authorization-code login); no client-credentials client has it. */
    static final String CUSTOMER = "SCOPE_customer";

    static final String READ = "SCOPE_customers.read";
    static final String REGISTER = "SCOPE_customers.register";
    static final String ADMIN = "SCOPE_customers.admin";

    @Bean
    EndpointScopes endpointScopes() {
        return requests -> requests.requestMatchers(
                        HttpMethod.POST, "/internal/registrations", "/internal/registrations/confirmations")
                .hasAuthority(REGISTER)
                .requestMatchers(HttpMethod.GET, "/internal/registrations/pending")
                .hasAuthority(ADMIN)
                .requestMatchers(HttpMethod.DELETE, "/internal/registrations/pending/*")
                .hasAuthority(ADMIN)
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
                .requestMatchers(HttpMethod.GET, "/api/customers/me")
                .hasAuthority(CUSTOMER);
    }
}
