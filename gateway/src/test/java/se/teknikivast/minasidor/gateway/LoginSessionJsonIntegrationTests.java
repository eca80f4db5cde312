package se.teknikivast.minasidor.gateway;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same login, second-instance, TokenRelay, CSRF and logout tests with the sessions stored as JSON
 * ({@code minasidor.gateway.session.json}): everything a logged-in session holds must read back from it.
 */
class LoginSessionJsonIntegrationTests extends LoginSessionIntegrationTests {

    @BeforeAll
    static void start() {
        start(Map.of("minasidor.gateway.session.json", "true"));
    }
}
