package se.teknikivast.minasidor.auth.logout;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The back channel of "Logga ut" (docs/security.md, "Logging out"): the gateway, authenticated as its OAuth2 client,
 * names the login by a token of it; auth-service removes that login's authorization and ends the customer's
 * auth-service sessions, so the browser's next authorize request meets the login page, not a silent login.
 *
 * <p>{@code 204} once nothing of the login is left, also when it was gone already (the gateway's outbox retries, so the
 * call must be repeatable); {@code 403} for a token another client holds; {@code 400} without a token.
 */
@RestController
class ClientLogoutController {

    private final CustomerLogouts logouts;

    ClientLogoutController(CustomerLogouts logouts) {
        this.logouts = logouts;
    }

    @PostMapping(path = "/internal/logout", consumes = "application/x-www-form-urlencoded")
    ResponseEntity<Void> logout(@RequestParam(name = "token", required = false) String token, Authentication client) {
        if (token == null || token.isBlank() || token.length() > CustomerLogouts.MAX_TOKEN_LENGTH) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        return switch (logouts.end(client.getName(), token)) {
            case ENDED, NOTHING_LEFT -> ResponseEntity.noContent().build();
            case OTHER_CLIENT -> throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        };
    }
}
