package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.teknikivast.minasidor.gateway.Browser.location;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * "Logga ut" while auth-service does not answer (issue 15): the customer is logged out of the gateway at once, and the
 * revocation and back channel are delivered from the Redis outbox once auth-service is back, by whichever gateway
 * instance is still running.
 */
class LogoutOutboxIntegrationTests {

    private static final Duration RETRY = Duration.ofMillis(300);

    FakeAuthorizationServer auth;
    FakeBackend customerService;
    ConfigurableApplicationContext first;
    ConfigurableApplicationContext second;
    String firstUri;
    String secondUri;
    String outboxPrefix;

    @BeforeEach
    void start() {
        auth = new FakeAuthorizationServer();
        customerService = new FakeBackend()
                .on("/api/customers/me", exchange -> FakeBackend.respond(exchange, 200, "application/json", """
                        {"customerNumber":"100003","type":"COMPANY","name":"Västkustens Kraft AB"}"""));
        int firstPort = Gateways.freePort();
        int secondPort = Gateways.freePort();
        firstUri = "http://localhost:" + firstPort;
        secondUri = "http://localhost:" + secondPort;
        var issuer = firstUri + "/auth";
        auth.issuer(issuer);
        outboxPrefix = TestInfrastructure.uniqueName("logout");
        var properties = new HashMap<>(Map.of(
                "MINASIDOR_AUTH_SERVICE_URI",
                auth.baseUri(),
                "MINASIDOR_CUSTOMER_SERVICE_URI",
                customerService.baseUri(),
                "MINASIDOR_ISSUER",
                issuer,
                "MINASIDOR_GATEWAY_CLIENT_SECRET",
                FakeAuthorizationServer.CLIENT_SECRET,
                "MINASIDOR_JWKS_URI",
                auth.baseUri() + "/auth/oauth2/jwks",
                "spring.session.data.redis.namespace",
                TestInfrastructure.uniqueName("session"),
                "minasidor.gateway.rate-limit.key-prefix",
                TestInfrastructure.uniqueName("rate"),
                "minasidor.gateway.logout.key-prefix",
                outboxPrefix,
                "minasidor.gateway.logout.retry-interval",
                RETRY.toMillis() + "ms"));
        first = Gateways.start(firstPort, properties);
        second = Gateways.start(secondPort, properties);
    }

    @AfterEach
    void stop() {
        if (second != null) second.close();
        if (first != null && first.isActive()) first.close();
        customerService.close();
        auth.close();
    }

    @Test
    void whileAuthServiceIsDownTheGatewaySessionEndsAndTheOutboxDeliversTheLogoutWhenItIsBack() {
        var browser = new Browser();
        var page = LoginSessionIntegrationTests.logIn(browser, firstUri);
        var refreshToken = auth.lastRefreshToken();
        var accessToken = auth.lastAccessToken();
        auth.down(true);

        var logout = browser.post(firstUri + "/logout", LoginSessionIntegrationTests.hiddenFields(page.body()));

        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(location(logout)).isEqualTo("/utloggad");
        assertThat(browser.get(firstUri + "/utloggad").body()).contains("Du är nu utloggad");
        assertThat(location(browser.get(firstUri + "/"))).isEqualTo("/oauth2/authorization/mina-sidor");
        assertThat(location(browser.get(secondUri + "/mina-sidor"))).isEqualTo("/oauth2/authorization/mina-sidor");
        assertThat(auth.revokedTokens).isEmpty();
        assertThat(pending()).isEqualTo(1);

        // Several retry intervals go by while auth-service is still down: the logout stays, nothing is lost.
        await().during(RETRY.multipliedBy(4)).atMost(Duration.ofSeconds(10)).until(() -> pending() == 1);
        assertThat(auth.isValidRefreshToken(refreshToken)).isTrue();

        // The instance that took the logout is gone; auth-service comes back; the other instance delivers it.
        first.close();
        auth.down(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> auth.endedLogins.contains(refreshToken));
        assertThat(auth.revokedTokens).contains(refreshToken, accessToken);
        assertThat(auth.isValidRefreshToken(refreshToken)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
        assertThat(redis().keys(outboxPrefix + ":job:*")).isEmpty();
    }

    @Test
    void whenAuthServiceAnswersAtOnceNothingIsLeftInTheOutbox() {
        var browser = new Browser();
        var page = LoginSessionIntegrationTests.logIn(browser, firstUri);
        var refreshToken = auth.lastRefreshToken();

        var logout = browser.post(firstUri + "/logout", LoginSessionIntegrationTests.hiddenFields(page.body()));

        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(auth.endedLogins).containsExactly(refreshToken);
        assertThat(pending()).isZero();
        assertThat(redis().keys(outboxPrefix + ":job:*")).isEmpty();
    }

    private long pending() {
        var size = redis().opsForZSet().size(outboxPrefix + ":due");
        return size == null ? 0 : size;
    }

    private StringRedisTemplate redis() {
        return second.getBean(StringRedisTemplate.class);
    }
}
