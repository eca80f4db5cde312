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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.view.RedirectView;
import se.teknikivast.minasidor.auth.credentials.PasswordText;
import se.teknikivast.minasidor.auth.password.PasswordSetupTokens.Purpose;
import se.teknikivast.minasidor.auth.password.PasswordSetupTokens.Status;

/**
 * The page behind the e-mailed link (docs/service-apis.md): {@code GET /losenord/l/{token}} moves the token into the
 * server-side session and redirects (303) to {@code /losenord}, so it is not left in the address bar, history or
 * Referer. Opening the link does not log anyone in. A link works only while the address it was mailed to is still the
 * customer's; a registration link (a pending address) also needs proof that the customer is who they say: Mobilt
 * BankID, or an activation code by letter (docs/security.md).
 */
@Controller
class PasswordSetupController {

    static final String TOKEN = PasswordSetupController.class.getName() + ".token";

    private final PasswordSetupTokens tokens;
    private final PasswordPolicy policy;
    private final CustomerContacts contacts;
    private final PasswordChange change;
    private final ActivationCodes codes;
    private final PendingAddresses pending;

    PasswordSetupController(
            PasswordSetupTokens tokens,
            PasswordPolicy policy,
            CustomerContacts contacts,
            PasswordChange change,
            ActivationCodes codes,
            PendingAddresses pending) {
        this.tokens = tokens;
        this.policy = policy;
        this.contacts = contacts;
        this.change = change;
        this.codes = codes;
        this.pending = pending;
    }

    /** A link that works, with the customer it is for; or why it does not. */
    private record Link(Status status, String token, Purpose purpose, CustomerContacts.Contact customer) {

        /** The address the link was mailed to, which becomes (or is) the login address. */
        String address() {
            return purpose == Purpose.REGISTRATION ? customer.pendingEmail() : customer.email();
        }
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
        var link = open(session);
        if (link.status() != Status.VALID) {
            return invalid(link.status(), model);
        }
        describe(link, session, model);
        return "password/choose";
    }

    @PostMapping("/losenord/brev")
    String letter(HttpSession session, Locale locale, Model model) {
        var link = open(session);
        if (link.status() != Status.VALID) {
            return invalid(link.status(), model);
        }
        if (needsProof(link, session) && codes.sendLetter(link.customer(), locale)) {
            model.addAttribute("notice", "password.letter.sent");
        }
        describe(link, session, model);
        return "password/choose";
    }

    @PostMapping("/losenord")
    String choose(
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String passwordRepeat,
            @RequestParam(defaultValue = "") String activationCode,
            HttpSession session,
            Locale locale,
            Model model) {
        var link = open(session);
        if (link.status() != Status.VALID) {
            return invalid(link.status(), model);
        }
        describe(link, session, model);
        var customerNumber = link.customer().customerNumber();
        var chosen = PasswordText.normalized(password);
        if (!chosen.equals(PasswordText.normalized(passwordRepeat))) {
            return error("password.error.mismatch", model);
        }
        if (needsProof(link, session)) {
            if (activationCode.isBlank()) {
                return error("password.error.proof", model);
            }
            if (!codes.check(customerNumber, activationCode)) {
                return error("password.error.code", model);
            }
            // Proven for this session: a password the policy refuses next need not come with the code again.
            RegistrationProofs.provenByLetter(session, customerNumber);
            describe(link, session, model);
        }
        boolean byCode = RegistrationProofs.isProvenByLetter(session, customerNumber);
        var refusal = policy.check(
                chosen,
                new PasswordPolicy.Context(customerNumber, link.customer().identityNumber(), link.address()));
        if (refusal.isPresent()) {
            return error("password.refused." + refusal.get().name(), model);
        }
        if (link.purpose() == Purpose.REGISTRATION && !pending.confirm(customerNumber, link.address())) {
            return invalid(Status.CHANGED, model);
        }
        if (change.change(link.token(), chosen, link.address(), byCode, locale).isEmpty()) {
            return invalid(Status.USED, model);
        }
        session.removeAttribute(TOKEN);
        RegistrationProofs.clear(session);
        return "redirect:/login?flik=anvandarnamn&losenord=andrat";
    }

    private Link open(HttpSession session) {
        var token = (String) session.getAttribute(TOKEN);
        var state = tokens.check(token);
        if (state.status() != Status.VALID) {
            return new Link(state.status(), token, null, null);
        }
        CustomerContacts.Contact customer;
        try {
            customer = contacts.find(state.customerNumber()).orElse(null);
        } catch (CustomerContacts.Unavailable e) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE);
        }
        if (customer == null) {
            return new Link(Status.UNKNOWN, token, null, null);
        }
        // The address the link was mailed to must still be the one it stands for: customer service may have changed
        // the login address, or cancelled or replaced the pending one, since.
        boolean stillTheirs = switch (state.purpose()) {
            case RESET -> PasswordSetupTokens.sentTo(state, customer.email());
            case REGISTRATION -> customer.email() == null && PasswordSetupTokens.sentTo(state, customer.pendingEmail());
        };
        if (!stillTheirs) {
            return new Link(Status.CHANGED, token, null, null);
        }
        if (state.purpose() == Purpose.REGISTRATION) {
            RegistrationProofs.await(session, customer.customerNumber());
        }
        return new Link(Status.VALID, token, state.purpose(), customer);
    }

    private static boolean needsProof(Link link, HttpSession session) {
        return link.purpose() == Purpose.REGISTRATION
                && !RegistrationProofs.isProven(session, link.customer().customerNumber());
    }

    private void describe(Link link, HttpSession session, Model model) {
        var customerNumber = link.customer().customerNumber();
        model.addAttribute("customerNumber", customerNumber);
        boolean needsProof = needsProof(link, session);
        model.addAttribute("needsProof", needsProof);
        if (link.purpose() == Purpose.REGISTRATION) {
            model.addAttribute("proven", !needsProof);
            // Mobilt BankID is for private persons and sole traders (login guide); companies prove it by letter.
            boolean bankId = needsProof && !link.customer().isCompany();
            model.addAttribute("bankIdOffered", bankId);
            model.addAttribute("bankIdPurpose", bankId ? "registrering" : null);
            model.addAttribute("letter", codes.letterState(customerNumber).name());
        }
    }

    private static String error(String message, Model model) {
        model.addAttribute("error", message);
        return "password/choose";
    }

    private static String invalid(Status status, Model model) {
        model.addAttribute("reason", status.name());
        return "password/invalid";
    }
}
