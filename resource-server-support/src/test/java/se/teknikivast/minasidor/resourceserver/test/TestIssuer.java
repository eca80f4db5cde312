package se.teknikivast.minasidor.resourceserver.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * auth-service as the resource servers see it, for their tests: an EC P-256 key made for this JVM, its public half
 * served as a JWKS over real HTTP on a free loopback port, and ES256 access tokens with auth-service's claims. A
 * service under test verifies them with its production decoder, pointed at {@link #jwkSetUri()} by
 * {@link #jwkSetUriProperty()}; nothing in the service is swapped.
 */
public final class TestIssuer {

    /** The issuer the services are configured with (application.yml default). */
    public static final String ISSUER = "http://localhost:8080/auth";

    private static final TestIssuer INSTANCE = new TestIssuer();

    private final ECKey key;
    private final NimbusJwtEncoder encoder;
    private final String jwkSetUri;

    private TestIssuer() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        jwkSetUri = serve(new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8));
    }

    public static TestIssuer get() {
        return INSTANCE;
    }

    public String jwkSetUri() {
        return jwkSetUri;
    }

    /** The public JWKS document, for a test that serves it itself (e.g. one that takes it away). */
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** For a test configuration: the service reads this issuer's keys instead of auth-service's. */
    public static DynamicPropertyRegistrar jwkSetUriProperty() {
        return registry ->
                registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> INSTANCE.jwkSetUri());
    }

    /** A client-credentials token of {@code clientId} for {@code audience}, with these scopes. */
    public String client(String clientId, String audience, String... scopes) {
        return token().subject(clientId).audience(audience).scopes(scopes).mint();
    }

    /** A customer's token from a password login through the gateway (client mina-sidor-gateway). */
    public String customer(String customerNumber) {
        return token().subject(customerNumber)
                .audience("customer-service")
                .scopes("openid", "profile", "customer")
                .claim("amr", List.of("pwd"))
                .mint();
    }

    public Token token() {
        return new Token();
    }

    /** A token to shape claim by claim; valid for 5 minutes from now unless told otherwise. */
    public final class Token {
        private String subject = "example-team";
        private String issuer = ISSUER;
        private final List<String> audiences = new ArrayList<>();
        private final List<String> scopes = new ArrayList<>();
        private Instant issuedAt = Instant.now();
        private Instant expiresAt = issuedAt.plus(Duration.ofMinutes(5));
        private final Map<String, Object> claims = new LinkedHashMap<>();

        private Token() {}

        public Token subject(String value) {
            subject = value;
            return this;
        }

        public Token issuer(String value) {
            issuer = value;
            return this;
        }

        public Token audience(String... values) {
            audiences.addAll(List.of(values));
            return this;
        }

        public Token scopes(String... values) {
            scopes.addAll(List.of(values));
            return this;
        }

        public Token issuedAt(Instant value) {
            issuedAt = value;
            return this;
        }

        public Token expiresAt(Instant value) {
            expiresAt = value;
            return this;
        }

        public Token claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public String mint() {
            var builder = JwtClaimsSet.builder()
                    .issuer(issuer)
                    .subject(subject)
                    .issuedAt(issuedAt)
                    .notBefore(issuedAt)
                    .expiresAt(expiresAt)
                    .claim("client_id", subject)
                    .claim("scope", String.join(" ", scopes));
            if (!audiences.isEmpty()) {
                builder.audience(List.copyOf(audiences));
            }
            claims.forEach(builder::claim);
            var header = JwsHeader.with(SignatureAlgorithm.ES256)
                    .keyId(key.getKeyID())
                    .type("JWT")
                    .build();
            return encoder.encode(JwtEncoderParameters.from(header, builder.build()))
                    .getTokenValue();
        }
    }

    private static String serve(byte[] jwks) {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/auth/oauth2/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (var body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/auth/oauth2/jwks";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
