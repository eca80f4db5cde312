package se.teknikivast.minasidor.auth.login;

import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page with its two tabs. The form posts to {@code /login}, handled by Spring Security. */
@Controller
final class LoginController {

    enum Tab {
        BANKID,
        ANVANDARNAMN
    }

    @GetMapping("/login")
    String login(
            @RequestParam(name = "fel", required = false) String error,
            @RequestParam(name = "flik", required = false) String tab,
            @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
            HttpSession session,
            Model model) {
        var message = error == null ? null : LoginFailures.Message.of(error);
        var typed = session.getAttribute(LoginFailures.TYPED_USERNAME);
        session.removeAttribute(LoginFailures.TYPED_USERNAME);
        model.addAttribute("error", message == null ? null : "login.error." + message.code);
        model.addAttribute("username", message == null || typed == null ? "" : typed);
        // Mobilt BankID first, as the login guide describes; a password error or ?flik=anvandarnamn opens the other.
        model.addAttribute("activeTab", "anvandarnamn".equals(tab) || message != null ? Tab.ANVANDARNAMN : Tab.BANKID);
        model.addAttribute("internetExplorer", isInternetExplorer(userAgent));
        return "login";
    }

    static boolean isInternetExplorer(String userAgent) {
        return userAgent != null && (userAgent.contains("Trident/") || userAgent.contains("MSIE "));
    }
}
