package se.teknikivast.minasidor.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/**
 * auth-service as a deployment runs it (its jar's application.yml, no local profile, every secret its own): the
 * session cookie a browser gets on the login page is Secure, so it never travels over plain http.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.location=classpath:/application.yml",
            "MINASIDOR_CLIENTS_GATEWAY_SECRET_HASH=1111111111111111111111111111111111111111111111111111111111111111",
            "MINASIDOR_CLIENTS_AUTH_SERVICE_SECRET_HASH=2222222222222222222222222222222222222222222222222222222222222222",
            "MINASIDOR_CLIENTS_KUNDSERVICE_SECRET_HASH=3333333333333333333333333333333333333333333333333333333333333333",
            "MINASIDOR_CLIENTS_EXAMPLE_TEAM_SECRET_HASH=4444444444444444444444444444444444444444444444444444444444444444",
            "MINASIDOR_CLIENTS_DRIFT_SECRET_HASH=5555555555555555555555555555555555555555555555555555555555555555",
            "MINASIDOR_SIGNING_KEYS_ENCRYPTION_KEY=test-1:Zm9yLXRoaXMtdGVzdC1vbmx5LW5vdC1hLXNlY3JldCE=",
            "SPRING_DATASOURCE_PASSWORD=not-the-demo-password",
            "MINASIDOR_KAFKA_PASSWORD=not-the-demo-password",
            "MINASIDOR_REDIS_PASSWORD=not-the-demo-password",
            "minasidor.customer-service.base-url=http://127.0.0.1:9",
            "minasidor.bankid.adapter-url=http://127.0.0.1:9",
            "spring.kafka.bootstrap-servers=127.0.0.1:9"
        })
@WithPostgres
@WithRedis
class DeploymentCookieIntegrationTests {

    @Value("${local.server.port}")
    int port;

    @Autowired
    Environment environment;

    @Test
    void theSessionCookieIsSecure() throws Exception {
        assertThat(environment.getActiveProfiles()).doesNotContain("local");
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/auth/login"))
                            .header("Accept", "text/html")
                            .build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().allValues("Set-Cookie"))
                    .filteredOn(cookie -> cookie.startsWith("MINASIDOR_AUTH_SESSION="))
                    .singleElement()
                    .satisfies(cookie -> assertThat(cookie)
                            .contains("; Secure")
                            .contains("; HttpOnly")
                            .containsIgnoringCase("; SameSite=Lax"));
        }
    }
}
