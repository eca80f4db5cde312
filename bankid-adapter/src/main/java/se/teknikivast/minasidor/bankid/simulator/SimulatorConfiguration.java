package se.teknikivast.minasidor.bankid.simulator;

import io.micrometer.observation.ObservationPredicate;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The simulator lives in the adapter's own application, on the same port (8082): the local stack needs no extra
 * process, and the adapter's client still goes over the network to it, never a shortcut. For mutual TLS it can add
 * an HTTPS port that requires a client certificate.
 */
@Configuration(proxyBeanMethods = false)
@Profile("simulator")
class SimulatorConfiguration {

    /**
     * The RP API: JSON between machines, open like any test double (the mutual-TLS port checks the client
     * certificate in the connector). No session, CSRF, headers or request cache, so the stand-in for BankID costs
     * as little CPU as possible on a machine it shares with the adapter it serves.
     */
    @Bean
    @Order(0)
    SecurityFilterChain simulatorRpApi(HttpSecurity http) throws Exception {
        http.securityMatcher("/rp/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .servletApi(servletApi -> servletApi.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(sessions -> sessions.disable());
        return http.build();
    }

    /** The simulator's own pages: open (it is a test double), CSRF on the tester page's forms, a strict CSP. */
    @Bean
    @Order(1)
    SecurityFilterChain simulatorSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/simulator", "/simulator/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/simulator/api/**"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
                                        + " frame-ancestors 'none'; base-uri 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)));
        return http.build();
    }

    /**
     * BankID's side of the RP API is not ours to observe: requests to the simulator's {@code /rp/**} make no
     * {@code http.server.requests} metrics or spans. In the local stack the simulator runs inside the adapter, whose
     * request latency panels would otherwise mix BankID's answers with the adapter's own; and the stand-in for
     * BankID costs less CPU on a machine it shares with the adapter.
     */
    @Bean
    ObservationPredicate simulatorRpApiNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getRequestURI().startsWith("/rp/"));
    }

    @Bean
    @ConditionalOnProperty("minasidor.bankid.simulator.tls.port")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> simulatorTlsConnector(SimulatorProperties properties) {
        var tls = properties.tls();
        return factory -> factory.addAdditionalConnectors(mutualTlsConnector(tls));
    }

    private static Connector mutualTlsConnector(SimulatorProperties.Tls tls) {
        try {
            var password = tls.keystorePassword() == null ? "" : tls.keystorePassword();
            var keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = tls.keystore().getInputStream()) {
                keys.load(in, password.toCharArray());
            }
            var ssl = new SSLHostConfig();
            ssl.setCertificateVerification("required");
            ssl.setTrustStore(trustStore(tls.clientCa()));
            ssl.setProtocols("TLSv1.2+TLSv1.3");
            var certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystore(keys);
            certificate.setCertificateKeystorePassword(password);
            ssl.addCertificate(certificate);

            var connector = new Connector(Http11NioProtocol.class.getName());
            connector.setPort(tls.port());
            connector.setScheme("https");
            connector.setSecure(true);
            var protocol = (Http11NioProtocol) connector.getProtocolHandler();
            protocol.setSSLEnabled(true);
            protocol.addSslHostConfig(ssl);
            return connector;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up the simulator's mutual-TLS port: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Resource pem) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = pem.getInputStream()) {
            int i = 0;
            for (var ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("client-ca-" + i++, ca);
            }
        }
        return store;
    }
}
