package se.teknikivast.minasidor.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared setup in a small service of its own over real HTTP, with tokens the way an attacker would shape them:
 * another audience, none, another issuer, expired, another key, another algorithm, a missing scope.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuer.ISSUER,
            "spring.security.oauth2.resourceserver.jwt.audiences=things-service",
        })
class ResourceServerAutoConfigurationTests {

    private static final TestIssuer ISSUER = TestIssuer.get();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    OAuth2ResourceServerProperties properties;

    @Test
    void a_token_for_this_service_with_the_scope_is_accepted() throws Exception {
        var token = ISSUER.client("some-team", "things-service", "things.read");

        var response = get("/internal/things", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("some-team");
    }

    @Test
    void a_token_naming_this_service_among_others_is_accepted() throws Exception {
        var token = ISSUER.token()
                .audience("other-service", "things-service")
                .scopes("things.read")
                .mint();

        assertThat(get("/internal/things", token).statusCode()).isEqualTo(200);
    }

    @Test
    void a_token_for_another_service_is_refused_even_with_the_right_scope() throws Exception {
        var token = ISSUER.client("some-team", "other-service", "things.read");

        assertUnauthorized(get("/internal/things", token));
    }

    @Test
    void a_token_without_an_audience_is_refused() throws Exception {
        var token = ISSUER.token().scopes("things.read").mint();

        assertUnauthorized(get("/internal/things", token));
    }

    @Test
    void a_token_of_another_issuer_is_refused() throws Exception {
        var token = ISSUER.token()
                .issuer("http://localhost:9999/auth")
                .audience("things-service")
                .scopes("things.read")
                .mint();

        assertUnauthorized(get("/internal/things", token));
    }

    @Test
    void an_expired_token_is_refused() throws Exception {
        var issued = Instant.now().minus(Duration.ofMinutes(10));
        var token = ISSUER.token()
                .audience("things-service")
                .scopes("things.read")
                .issuedAt(issued)
                .expiresAt(issued.plus(Duration.ofMinutes(5)))
                .mint();

        assertUnauthorized(get("/internal/things", token));
    }

    @Test
    void a_token_signed_by_another_key_or_algorithm_is_refused() throws Exception {
        var rsa = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                .keyID("test-key")
                .generate();
        var claims = JwtClaimsSet.builder()
                .issuer(TestIssuer.ISSUER)
                .subject("some-team")
                .audience(List.of("things-service"))
                .expiresAt(Instant.now().plusSeconds(300))
                .claim("scope", "things.read")
                .build();
        var token = new NimbusJwtEncoder(
                        new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(new com.nimbusds.jose.jwk.JWKSet(rsa)))
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256)
                                .keyId("test-key")
                                .build(),
                        claims))
                .getTokenValue();

        assertUnauthorized(get("/internal/things", token));
    }

    @Test
    void a_token_without_the_scope_is_forbidden() throws Exception {
        var token = ISSUER.client("some-team", "things-service", "other.scope");

        var response = get("/internal/things", token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).contains("insufficient_scope"));
        assertProblem(response, "forbidden");
    }

    @Test
    void no_token_is_a_401_problem() throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/internal/things"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertUnauthorized(response);
    }

    @Test
    void a_path_no_rule_names_is_denied_to_every_token() throws Exception {
        var token = ISSUER.client("some-team", "things-service", "things.read");

        assertThat(get("/unlisted", token).statusCode()).isEqualTo(403);
    }

    @Test
    void es256_is_the_default_algorithm() {
        assertThat(properties.getJwt().getJwsAlgorithms()).containsExactly("ES256");
    }

    @Test
    void a_service_without_an_audience_or_issuer_refuses_to_start() {
        var clock = Clock.systemUTC();
        assertThatThrownBy(() -> AccessTokens.validator(TestIssuer.ISSUER, List.of(), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audiences");
        assertThatThrownBy(() -> AccessTokens.validator(null, List.of("things-service"), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer-uri");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertProblem(response, "unauthorized");
    }

    private static void assertProblem(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var problem = JSON.readTree(response.body());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("type").asString()).isEqualTo("https://teknikivast.se/problems/" + code);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ThingsController.class)
    static class ThingsService {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        DynamicPropertyRegistrar testIssuerKeys() {
            return TestIssuer.jwkSetUriProperty();
        }

        @Bean
        EndpointScopes endpointScopes() {
            return requests -> requests.requestMatchers("/internal/things").hasAuthority("SCOPE_things.read");
        }
    }

    @RestController
    static class ThingsController {

        @GetMapping("/internal/things")
        String things(java.security.Principal principal) {
            return principal.getName();
        }

        @GetMapping("/unlisted")
        String unlisted() {
            return "unlisted";
        }
    }
}
