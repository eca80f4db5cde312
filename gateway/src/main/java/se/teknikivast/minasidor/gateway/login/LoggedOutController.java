package se.teknikivast.minasidor.gateway.login;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Where auth-service sends the browser after the RP-initiated logout. */
@Controller
class LoggedOutController {

    @GetMapping("/utloggad")
    String loggedOut() {
        return "utloggad";
    }
}
