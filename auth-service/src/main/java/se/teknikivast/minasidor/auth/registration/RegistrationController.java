package se.teknikivast.minasidor.auth.registration;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The target of "Ny kund eller har du glömt ditt lösenord? Klicka här"; the real flow comes with issue 8. */
@Controller
final class RegistrationController {

    @GetMapping("/registrering")
    String registration() {
        return "registration/coming";
    }
}
