package se.teknikivast.minasidor.auth.registration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;
import se.teknikivast.minasidor.identity.InvalidValueException;

/**
 * "Ny kund eller har du glömt ditt lösenord? Klicka här" (login guide, "Registrera din e-postadress"): step 1 the
 * customer number, step 2 the identity number and the desired e-mail, then one answer page whatever the details
 * matched (docs/security.md). Values travel in POST bodies and the server-side session, never in URLs; field lengths
 * are limited before they get here ({@code FormLimits}).
 */
@Controller
class RegistrationController {

    static final String CUSTOMER_NUMBER = RegistrationController.class.getName() + ".customerNumber";

    private final Registration registration;
    private final RegistrationLimits limits;
    private final UniformAnswerTime answerTime;
    private final MessageSource messages;

    RegistrationController(
            Registration registration,
            RegistrationLimits limits,
            UniformAnswerTime answerTime,
            MessageSource messages) {
        this.registration = registration;
        this.limits = limits;
        this.answerTime = answerTime;
        this.messages = messages;
    }

    @GetMapping("/registrering")
    String customerNumberStep() {
        return "registration/customer-number";
    }

    @PostMapping("/registrering")
    Object customerNumber(
            @RequestParam(defaultValue = "") String customerNumber, HttpSession session, Locale locale, Model model) {
        try {
            var number = CustomerNumber.parse(customerNumber.strip());
            session.setAttribute(CUSTOMER_NUMBER, number.value());
            return seeOther("/registrering/uppgifter");
        } catch (InvalidValueException e) {
            model.addAttribute("customerNumber", customerNumber);
            model.addAttribute("customerNumberError", reason(e, "registration.error.customer-number", locale));
            return "registration/customer-number";
        }
    }

    @GetMapping("/registrering/uppgifter")
    Object detailsStep(HttpSession session, Model model) {
        var customerNumber = (String) session.getAttribute(CUSTOMER_NUMBER);
        if (customerNumber == null) {
            return seeOther("/registrering");
        }
        model.addAttribute("customerNumber", customerNumber);
        return "registration/details";
    }

    @PostMapping("/registrering/uppgifter")
    Object details(
            @RequestParam(defaultValue = "") String identityNumber,
            @RequestParam(defaultValue = "") String email,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpSession session,
            Locale locale,
            Model model) {
        var customerNumber = (String) session.getAttribute(CUSTOMER_NUMBER);
        if (customerNumber == null) {
            return seeOther("/registrering");
        }
        model.addAttribute("customerNumber", customerNumber);
        IdentityNumber identity = null;
        EmailAddress address = null;
        try {
            identity = IdentityNumber.parse(identityNumber.strip());
        } catch (InvalidValueException e) {
            model.addAttribute("identityNumberError", reason(e, "registration.error.identity-number", locale));
        }
        try {
            address = EmailAddress.parse(email.strip());
        } catch (InvalidValueException e) {
            model.addAttribute("emailError", reason(e, "registration.error.email", locale));
        }
        if (identity == null || address == null) {
            // The e-mail is given back so the customer need not retype it; the identity number is not echoed.
            model.addAttribute("email", email);
            return "registration/details";
        }
        var started = System.nanoTime();
        if (limits.count(customerNumber, identity.twelveDigits(), request.getRemoteAddr())
                .isPresent()) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(limits.retryAfterSeconds()));
            return "registration/limited";
        }
        var result = registration.register(customerNumber, identity.twelveDigits(), address.value(), locale);
        answerTime.awaitFrom(started);
        if (result == Registration.Result.ANSWERED) {
            session.removeAttribute(CUSTOMER_NUMBER);
            return seeOther("/registrering/skickat");
        }
        model.addAttribute("email", email);
        model.addAttribute("error", "registration.error.unavailable");
        return "registration/details";
    }

    @GetMapping("/registrering/skickat")
    String sent() {
        return "registration/sent";
    }

    /** Swedish: the value type's own customer-safe reason; English: the field's general explanation. */
    private String reason(InvalidValueException e, String englishKey, Locale locale) {
        if ("en".equals(locale.getLanguage())) {
            return messages.getMessage(englishKey, null, locale);
        }
        return e.getMessage();
    }

    private static RedirectView seeOther(String path) {
        var redirect = new RedirectView(path, true);
        redirect.setStatusCode(HttpStatus.SEE_OTHER);
        return redirect;
    }
}
