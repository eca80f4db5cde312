package se.teknikivast.minasidor.customer.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import se.teknikivast.minasidor.customer.customer.CustomerNotFoundException;
import se.teknikivast.minasidor.customer.customer.NotACustomerTokenException;
import se.teknikivast.minasidor.customer.email.ConcurrentCustomerChangeException;
import se.teknikivast.minasidor.customer.registration.EmailAlreadyRegisteredException;
import se.teknikivast.minasidor.customer.registration.RegistrationDetailsMismatchException;
import se.teknikivast.minasidor.customer.registration.RegistrationNotPendingException;
import se.teknikivast.minasidor.identity.InvalidValueException;
import se.teknikivast.minasidor.problem.ProblemHandler;
import se.teknikivast.minasidor.problem.Problems;

/**
 * The service's one exception handler: its own problems here, the common ones (invalid JSON or fields, Spring MVC's
 * 404/405/415, unexpected errors) from {@link ProblemHandler}.
 */
@RestControllerAdvice
class CustomerProblems extends ProblemHandler {

    /** The login guide's rule; shown to the customer by auth-service. Never contains the stored address. */
    static final String CALL_CUSTOMER_SERVICE = "Det finns redan en annan e-postadress registrerad för ditt kundnummer"
            + " och du kan inte byta till en annan själv. För att byta e-postadress ring kundservice på tfn"
            + " 0570-822 00 (vx).";

    @ExceptionHandler
    ProblemDetail invalidValue(InvalidValueException e) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, e.code(), "Ogiltig uppgift", e.getMessage());
        problem.setProperty("reason", e.reasonCode());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail customerNotFound(CustomerNotFoundException e) {
        return Problems.of(
                HttpStatus.NOT_FOUND,
                "customer-not-found",
                "Kunden finns inte",
                "Det finns ingen kund med det kundnumret.");
    }

    @ExceptionHandler
    ProblemDetail emailAlreadyRegistered(EmailAlreadyRegisteredException e) {
        return Problems.of(
                HttpStatus.CONFLICT,
                "email-already-registered",
                "En annan e-postadress är redan registrerad",
                CALL_CUSTOMER_SERVICE);
    }

    @ExceptionHandler
    ProblemDetail registrationNotPending(RegistrationNotPendingException e) {
        return Problems.of(
                HttpStatus.CONFLICT,
                "registration-not-pending",
                "Ingen väntande registrering",
                "Adressen väntar inte (längre) på att bekräftas för kundnumret.");
    }

    @ExceptionHandler
    ProblemDetail registrationDetailsMismatch(RegistrationDetailsMismatchException e) {
        return Problems.of(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "registration-details-mismatch",
                "Uppgifterna stämmer inte",
                "Kundnumret och person- eller organisationsnumret hör inte ihop. Kontrollera uppgifterna och försök"
                        + " igen.");
    }

    @ExceptionHandler
    ProblemDetail concurrentChange(ConcurrentCustomerChangeException e) {
        return Problems.of(
                HttpStatus.CONFLICT,
                "concurrent-change",
                "Kunden ändrades samtidigt",
                "Kunden ändrades av någon annan samtidigt. Hämta kunden och försök igen.");
    }

    @ExceptionHandler
    ProblemDetail notACustomer(NotACustomerTokenException e) {
        return Problems.of(
                HttpStatus.FORBIDDEN,
                "not-a-customer-token",
                "Åtkomst nekad",
                "Den här tjänsten kräver att en kund är inloggad.");
    }
}
