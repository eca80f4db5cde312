package se.teknikivast.minasidor.bankid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.bankid.support.AdapterHttp;
import se.teknikivast.minasidor.bankid.support.TestTokens;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/**
 * Tokens verified the production way, against a JWKS URL (auth-service's), which is down: the caller gets a 503
 * problem, not a 500 and not a 401 (its token may well be fine). When the JWKS is back, the same token works.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@ActiveProfiles("simulator")
@WithRedis
class JwksUnavailableIntegrationTests {

    static final int jwksPort = Ports.freePort();
    // A fixed port: the simulator profile points the RP client at ${server.port}.
    static final int port = Ports.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> port);
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://localhost:" + jwksPort + "/auth/oauth2/jwks");
        registry.add("minasidor.bankid.order.key-prefix", () -> TestInfrastructure.uniqueName("jwks") + ":");
    }

    @Test
    void anUnreachableJwksIsAServiceUnavailableProblemAndTheSameTokenWorksWhenItIsBack() throws Exception {
        var api = new AdapterHttp(port, TestTokens.withScope("bankid"));

        var refused = api.start(false);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.get("code")).isEqualTo("authentication-unavailable");
        assertThat(refused.get("type")).isEqualTo("https://teknikivast.se/problems/authentication-unavailable");
        assertThat(refused.text())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("trace");

        // No token at all is still the caller's problem: 401, whatever the JWKS does.
        assertThat(new AdapterHttp(port, null).start(false).status()).isEqualTo(401);

        var jwks = HttpServer.create(new InetSocketAddress("localhost", jwksPort), 0);
        var body = TestTokens.jwks().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/auth/oauth2/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(api.start(false).status()).isEqualTo(201));
        } finally {
            jwks.stop(0);
        }
    }
}
