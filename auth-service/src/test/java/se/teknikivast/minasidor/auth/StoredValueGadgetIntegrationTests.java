package se.teknikivast.minasidor.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.infrastructure.testing.PlantedGadget;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/**
 * Plays someone who can write to Redis (a stolen Redis password, a neighbour on its network) and plants
 * JDK-serialized objects where auth-service keeps a customer's session, an OAuth2 authorization and a consent, hoping
 * auth-service runs their {@code readObject} when it reads them back. It must not: the class is refused before an
 * instance is made, and the value counts as absent (no 500).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithRedis
class StoredValueGadgetIntegrationTests {

    static final FakeCustomerService customerService = FakeCustomerService.start();
    static final String NAMESPACE = TestInfrastructure.uniqueName("session");
    static final String AUTHORIZATIONS = TestInfrastructure.uniqueName("authz");
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minasidor.customer-service.base-url", customerService::baseUrl);
        registry.add("minasidor.authorizations.key-prefix", () -> AUTHORIZATIONS);
        registry.add("spring.session.data.redis.namespace", () -> NAMESPACE);
    }

    @AfterAll
    static void stopCustomerService() {
        customerService.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    OAuth2AuthorizationService authorizations;

    @Autowired
    OAuth2AuthorizationConsentService consents;

    @BeforeEach
    void reset() {
        PlantedGadget.reset();
    }

    String url(String path) {
        return "http://localhost:" + port + "/auth" + path;
    }

    void plant(String key, byte[] value) {
        redis.execute((RedisCallback<Object>) connection -> {
            connection.stringCommands().set(key.getBytes(StandardCharsets.UTF_8), value);
            return null;
        });
    }

    @Test
    void aGadgetPlantedInASessionDoesNotRunAndTheSessionEnds() {
        var browser = new Browser();
        var step1 = browser.get(url("/registrering"));
        var csrf = CSRF.matcher(step1.body());
        assertThat(csrf.find()).isTrue();
        assertThat(browser.postForm(url("/registrering"), Map.of("customerNumber", "100006", "_csrf", csrf.group(1)))
                        .statusCode())
                .isEqualTo(303);
        assertThat(browser.get(url("/registrering/uppgifter")).body()).contains("100006");
        var id = new String(
                Base64.getDecoder().decode(browser.cookie("MINASIDOR_AUTH_SESSION")), StandardCharsets.UTF_8);
        var key = NAMESPACE + ":sessions:" + id;
        assertThat(redis.hasKey(key)).isTrue();
        redis.execute((RedisCallback<Object>) connection -> {
            connection
                    .hashCommands()
                    .hSet(
                            key.getBytes(StandardCharsets.UTF_8),
                            "sessionAttr:SPRING_SECURITY_CONTEXT".getBytes(StandardCharsets.UTF_8),
                            PlantedGadget.serialized());
            return null;
        });

        var page = browser.get(url("/registrering/uppgifter"));

        assertThat(PlantedGadget.ran())
                .as("the planted object's readObject ran")
                .isFalse();
        assertThat(page.statusCode())
                .as("the session ended: back to the first step")
                .isEqualTo(303);
        assertThat(page.body()).doesNotContain("100006");
    }

    @Test
    void aGadgetPlantedAsAnAuthorizationDoesNotRunAndTheAuthorizationIsGone() {
        plant(AUTHORIZATIONS + ":authz:planted", PlantedGadget.serialized());

        assertThat(authorizations.findById("planted")).isNull();
        assertThat(PlantedGadget.ran())
                .as("the planted object's readObject ran")
                .isFalse();
    }

    @Test
    void aGadgetPlantedAsAConsentDoesNotRunAndTheConsentIsNotGiven() {
        plant(AUTHORIZATIONS + ":consent:mina-sidor:100001", PlantedGadget.serialized());

        assertThat(consents.findById("mina-sidor", "100001")).isNull();
        assertThat(PlantedGadget.ran())
                .as("the planted object's readObject ran")
                .isFalse();
    }
}
