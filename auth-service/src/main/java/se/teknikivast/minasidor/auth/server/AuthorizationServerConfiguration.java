package se.teknikivast.minasidor.auth.server;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import se.teknikivast.minasidor.auth.credentials.PasswordHasher;
import se.teknikivast.minasidor.auth.web.SecurityHeaders;

/**
 * The OAuth2/OIDC endpoints. Clients, issuer and token lifetimes come from
 * {@code spring.security.oauth2.authorizationserver.*} in application.yml (Spring Boot builds the
 * {@code RegisteredClientRepository}); this class adds what Boot cannot know: our keys, claims and stores.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** The allow-listed serializer of everything auth-service keeps in Redis (web's StoredValuesConfiguration). */
    static final String STORED_VALUES = "springSessionDefaultRedisSerializer";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerFilterChain(
            HttpSecurity http,
            SecurityHeaders headers,
            ClientCredentialsAuthorizations clientCredentials,
            RegisteredClientRepository clients,
            InternalClientProperties internalClients)
            throws Exception {
        var server = new OAuth2AuthorizationServerConfigurer();
        server.clientAuthentication(authentication -> authentication.authenticationConverters(converters ->
                converters.replaceAll(converter -> new InternalClientsOnly(converter, clients, internalClients))));
        server.tokenRevocationEndpoint(revocation -> revocation.authenticationProviders(providers ->
                providers.replaceAll(provider -> provider instanceof OAuth2TokenRevocationAuthenticationProvider
                        ? new ClientCredentialsRevocation(provider, clientCredentials)
                        : provider)));
        http.securityMatcher(server.getEndpointsMatcher())
                .with(
                        server,
                        as -> as.oidc(oidc -> oidc.providerConfigurationEndpoint(
                                        provider -> provider.providerConfigurationCustomizer(
                                                config -> config.idTokenSigningAlgorithms(algorithms -> {
                                                    algorithms.clear();
                                                    algorithms.add("ES256");
                                                })))
                                .userInfoEndpoint(userInfo -> userInfo.userInfoMapper(CustomerClaims::userInfo))))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                // The browser arrives at /oauth2/authorize without a session: send it to the login page.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        headers.apply(http);
        return http.build();
    }

    /** Every token is signed by the one current key; NimbusJwtEncoder adds its kid. */
    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(keys.signingKey())));
    }

    /** The JWKS endpoint: public keys of the signing key, its announced successor and recently retired keys. */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return (selector, context) -> selector.select(keys.publishedKeys());
    }

    /** Validates our own tokens at /userinfo (RSA, EC and HMAC families, so ES256 works). */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration
                .jwtDecoder(jwkSource);
    }

    /** The one token customizer Spring Authorization Server takes: customer claims, then the audience. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(TokenAudiences audiences) {
        var customerClaims = new CustomerClaims();
        return context -> {
            customerClaims.customize(context);
            audiences.customize(context);
        };
    }

    @Bean
    ClientCredentialsAuthorizations clientCredentialsAuthorizations(
            JwtDecoder jwtDecoder, RegisteredClientRepository clients, AuthorizationServerSettings settings) {
        return new ClientCredentialsAuthorizations(jwtDecoder, clients, settings);
    }

    @Bean
    RedisAuthorizations authorizationService(
            RedisConnectionFactory redis,
            @Qualifier(STORED_VALUES) RedisSerializer<Object> storedValues,
            AuthorizationStoreProperties properties,
            ClientCredentialsAuthorizations clientCredentials,
            Clock clock) {
        return new RedisAuthorizations(redis, storedValues, properties, clientCredentials, clock);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(
            RedisConnectionFactory redis,
            @Qualifier(STORED_VALUES) RedisSerializer<Object> storedValues,
            AuthorizationStoreProperties properties) {
        return new RedisConsents(redis, storedValues, properties);
    }

    /**
     * Client secrets: {@code {sha256}} for our high-entropy generated secrets (fast enough for hundreds of grants a
     * second); Argon2id accepted for any secret a human might have chosen, verified by the customers' password hasher
     * (libargon2 where it loads).
     */
    @Bean
    PasswordEncoder clientSecretEncoder(PasswordHasher passwords) {
        return new DelegatingPasswordEncoder(
                "sha256", Map.of("sha256", new Sha256SecretEncoder(), "argon2", passwords.asPasswordEncoder()));
    }
}
