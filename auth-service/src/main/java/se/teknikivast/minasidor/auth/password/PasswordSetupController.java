package se.teknikivast.minasidor.auth.password;

import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The page behind the e-mailed link (docs/service-apis.md): {@code GET /losenord/l/{token}} moves the token into the
 * server-side session and redirects (303) to {@code /losenord}, so it is not left in the address bar, history or
 * Referer. Opening the link does not log anyone in.
 */
@Controller
class PasswordSetupController {

    static final String TOKEN = PasswordSetupController.class.getName() + ".token";

    private final PasswordSetupTokens tokens;
    private final PasswordPolicy policy;
    private final CustomerContacts contacts;
    private final PasswordChange change;

    PasswordSetupController(
            PasswordSetupTokens tokens, PasswordPolicy policy, CustomerContacts contacts, PasswordChange change) {
        this.tokens = tokens;
        this.policy = policy;
        this.contacts = contacts;
        this.change = change;
    }

    @GetMapping("/losenord/l/{token}")
    RedirectView link(@PathVariable String token, HttpSession session) {
        session.setAttribute(TOKEN, token);
        var redirect = new RedirectView("/losenord", true);
        redirect.setStatusCode(HttpStatus.SEE_OTHER);
        return redirect;
    }

    @GetMapping("/losenord")
    String page(HttpSession session, Model model) {
        var state = tokens.check((String) session.getAttribute(TOKEN));
        if (state.status() != PasswordSetupTokens.Status.VALID) {
            return invalid(state.status(), model);
        }
        model.addAttribute("customerNumber", state.customerNumber());
        return "password/choose";
    }

    @PostMapping("/losenord")
    String choose(
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String passwordRepeat,
            HttpSession session,
            Locale locale,
            Model model) {
        var token = (String) session.getAttribute(TOKEN);
        var state = tokens.check(token);
        if (state.status() != PasswordSetupTokens.Status.VALID) {
            return invalid(state.status(), model);
        }
        var customerNumber = state.customerNumber();
        model.addAttribute("customerNumber", customerNumber);
        if (!password.equals(passwordRepeat)) {
            model.addAttribute("error", "password.error.mismatch");
            return "password/choose";
        }
        CustomerContacts.Contact contact;
        try {
            contact = contacts.find(customerNumber).orElse(new CustomerContacts.Contact(customerNumber, null, null));
        } catch (CustomerContacts.Unavailable e) {
            model.addAttribute("error", "password.error.unavailable");
            return "password/choose";
        }
        var refusal = policy.check(
                password, new PasswordPolicy.Context(customerNumber, contact.identityNumber(), contact.email()));
        if (refusal.isPresent()) {
            model.addAttribute("error", "password.refused." + refusal.get().name());
            return "password/choose";
        }
        if (change.change(token, password, contact.email(), locale).isEmpty()) {
            return invalid(PasswordSetupTokens.Status.USED, model);
        }
        session.removeAttribute(TOKEN);
        return "redirect:/login?flik=anvandarnamn&losenord=andrat";
    }

    private static String invalid(PasswordSetupTokens.Status status, Model model) {
        model.addAttribute("reason", status.name());
        return "password/invalid";
    }
}
