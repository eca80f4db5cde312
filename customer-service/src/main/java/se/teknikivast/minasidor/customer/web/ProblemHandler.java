package se.teknikivast.minasidor.customer.web;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import se.teknikivast.minasidor.customer.customer.CustomerNotFoundException;
import se.teknikivast.minasidor.customer.customer.NotACustomerTokenException;
import se.teknikivast.minasidor.customer.email.ConcurrentCustomerChangeException;
import se.teknikivast.minasidor.customer.registration.EmailAlreadyRegisteredException;
import se.teknikivast.minasidor.customer.registration.RegistrationDetailsMismatchException;
import se.teknikivast.minasidor.identity.InvalidValueException;

/**
 * The service's one exception handler: every error is an RFC 9457 problem with a stable code; bad input is a 4xx with
 * a Swedish reason, never a 500 or a stack trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

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

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        return Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Något gick fel",
                "Ett oväntat fel inträffade. Försök igen om en stund.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .findFirst()
                .orElse("Begäran är inte giltig.");
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Ogiltig begäran", detail));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "Ogiltig begäran",
                        "Begäran kunde inte läsas: skicka ett JSON-objekt med de fält som API:t beskriver."));
    }

    /** Spring MVC's own errors (405, 415, 404 of unknown paths…) get a code derived from their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && problem.getProperties() == null) {
            var code = HttpStatus.resolve(status.value()) == null
                    ? "error-" + status.value()
                    : HttpStatus.resolve(status.value())
                            .name()
                            .toLowerCase(Locale.ROOT)
                            .replace('_', '-');
            problem.setType(java.net.URI.create(Problems.TYPE_PREFIX + code));
            problem.setProperty("code", code);
        }
        return response;
    }
}
