package se.teknikivast.minasidor.auth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;
import se.teknikivast.minasidor.auth.AuthServiceApplication;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.auth.LocalClients;
import se.teknikivast.minasidor.auth.OidcLogin;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * Several real instances on one PostgreSQL database and one Redis: what "stateless apart from Redis/PostgreSQL"
 * promises. Each instance is a full application on its own port.
 */
class SharedStateIntegrationTests {

    static final FakeCustomerService customerService = FakeCustomerService.start();
    static final String DATABASE =
            TestInfrastructure.postgres().createDatabase(TestInfrastructure.uniqueName("shared"));
    static final String PREFIX = TestInfrastructure.uniqueName("shared");

    final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @AfterAll
    static void stopCustomerService() {
        customerService.close();
    }

    static final String ENCRYPTION_KEY = "test:" + SigningKeyEncryptionIntegrationTests.randomKey();

    String startInstance() {
        var postgres = TestInfrastructure.postgres();
        var redis = TestInfrastructure.redis();
        var options = Map.of(
                        "server.port",
                        "0",
                        "spring.datasource.url",
                        DATABASE,
                        "spring.datasource.username",
                        postgres.username(),
                        "spring.datasource.password",
                        postgres.password(),
                        "spring.data.redis.host",
                        redis.host(),
                        "spring.data.redis.port",
                        String.valueOf(redis.port()),
                        "spring.session.redis.namespace",
                        PREFIX + ":session",
                        "minasidor.authorizations.key-prefix",
                        PREFIX,
                        "minasidor.customer-service.base-url",
                        customerService.baseUrl(),
                        "minasidor.demo.credentials-file",
                        "src/test/resources/demo-credentials.jsonl")
                .entrySet()
                .stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue());
        // Every instance reads the encrypted private keys the others wrote.
        var encrypted = java.util.stream.Stream.of("--minasidor.signing-keys.encryption-key=" + ENCRYPTION_KEY);
        var arguments = java.util.stream.Stream.concat(options, encrypted).toArray(String[]::new);
        var context = new SpringApplicationBuilder(AuthServiceApplication.class).run(arguments);
        instances.add(context);
        return "http://localhost:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void twoInstancesCompleteOneLogin() {
        var a = startInstance();
        var b = startInstance();
        var login = new OidcLogin();

        login.startAt(a); // the authorize request is saved in the Redis session by A
        var saved = login.logIn(b, "100001", "elljus-over-vanern-2026"); // B checks the password
        var code = login.code(a, saved); // A issues the code
        var tokens = login.exchange(b, code); // B redeems it

        var decoder = NimbusJwtDecoder.withJwkSetUri(a + "/auth/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        assertThat(decoder.decode(tokens.get("access_token").asString()).getSubject())
                .isEqualTo("100001");
    }

    @Test
    void aTokenIssuedBeforeARestartValidatesAfterIt() {
        var before = startInstance();
        var granted = OidcLogin.tokenResponse(
                before,
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.read"));
        var token = OidcLogin.json(granted.body()).get("access_token").asString();
        instances.removeFirst().close();

        var after = startInstance();
        var decoder = NimbusJwtDecoder.withJwkSetUri(after + "/auth/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("example-team");

        var introspection = RestClient.create(after)
                .post()
                .uri("/auth/oauth2/introspect")
                .headers(h -> h.setBasicAuth("kundservice", LocalClients.KUNDSERVICE_SECRET))
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                .body("token=" + token)
                .retrieve()
                .body(String.class);
        assertThat(introspection).contains("\"active\":true");
    }
}
