package se.teknikivast.minasidor.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.auth.OidcLogin;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/** The absolute session limit (8 h) with a controlled clock, against real Redis sessions. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithRedis
@Import(MutableClock.AsApplicationClock.class)
class SessionLimitIntegrationTests {

    static final FakeCustomerService customerService = FakeCustomerService.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minasidor.customer-service.base-url", customerService::baseUrl);
        registry.add("minasidor.demo.credentials-file", () -> "src/test/resources/demo-credentials.jsonl");
        registry.add("minasidor.authorizations.key-prefix", () -> TestInfrastructure.uniqueName("authz"));
        registry.add("spring.session.redis.namespace", () -> TestInfrastructure.uniqueName("session"));
    }

    @AfterAll
    static void stopCustomerService() {
        customerService.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    MutableClock clock;

    @Test
    void anActiveSessionEndsEightHoursAfterItBegan() {
        var base = "http://localhost:" + port;
        var login = new OidcLogin();
        login.startAt(base);
        var authorize = login.logIn(base, "100001", "elljus-over-vanern-2026");
        assertThat(login.code(base, authorize)).isNotBlank();

        // Still inside the limit: the session signs the next authorize request in without a login page.
        clock.advance(Duration.ofHours(7).plusMinutes(59));
        assertThat(login.code(base, authorize)).isNotBlank();

        // Past it: the same browser is sent to the login page again, however recently it was active.
        clock.advance(Duration.ofMinutes(2));
        assertThat(login.startAt(base)).endsWith("/auth/login");
    }
}
