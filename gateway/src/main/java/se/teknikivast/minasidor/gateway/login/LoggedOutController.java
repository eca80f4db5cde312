package se.teknikivast.minasidor.gateway.login;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** "Du är nu utloggad": where "Logga ut" ends (logout.ServerSideLogout), a plain page without script. */
@Controller
class LoggedOutController {

    @GetMapping("/utloggad")
    String loggedOut() {
        return "utloggad";
    }
}
