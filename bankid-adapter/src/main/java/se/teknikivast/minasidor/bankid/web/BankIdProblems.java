package se.teknikivast.minasidor.bankid.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import se.teknikivast.minasidor.bankid.message.UserMessages;
import se.teknikivast.minasidor.bankid.order.OrderNotFoundException;
import se.teknikivast.minasidor.bankid.order.OrderNotPendingException;
import se.teknikivast.minasidor.bankid.rp.RpError;
import se.teknikivast.minasidor.bankid.rp.RpException;
import se.teknikivast.minasidor.problem.ProblemHandler;
import se.teknikivast.minasidor.problem.Problems;

/**
 * The service's one exception handler: its own problems here, the common ones from {@link ProblemHandler}. Every
 * error is a problem detail with a stable {@code code}. BankID errors
 * also carry the RFA {@code message} (sv/en) to show; our own integration mistakes are reported as a generic
 * error, never as something BankID said.
 */
@RestControllerAdvice
class BankIdProblems extends ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(BankIdProblems.class);

    @ExceptionHandler(RpException.class)
    ResponseEntity<ProblemDetail> bankIdFailed(RpException e) {
        var error = e.error();
        ProblemDetail problem;
        if (error.outage()) {
            // An open breaker answers every call; its transitions are logged once, so this would only be noise.
            if (error == RpError.CIRCUIT_OPEN) {
                log.debug("BankID unavailable: {}", e.getMessage());
            } else {
                log.warn("BankID unavailable: {}", e.getMessage());
            }
            problem = Problems.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "bankid-unavailable",
                    "BankID är inte tillgängligt",
                    UserMessages.RFA5.sv());
            problem.setProperty("message", UserMessages.RFA5);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "30")
                    .body(problem);
        }
        if (error == RpError.ALREADY_IN_PROGRESS) {
            problem = Problems.of(
                    HttpStatus.CONFLICT,
                    "bankid-already-in-progress",
                    "BankID-order pågår redan",
                    UserMessages.RFA4.sv());
            problem.setProperty("message", UserMessages.RFA4);
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        // RP-side mistakes (invalidParameters, unauthorized, …) and codes we do not know yet.
        log.error("BankID rejected our request: {}", e.getMessage());
        problem = Problems.of(
                HttpStatus.BAD_GATEWAY, "bankid-integration-error", "Tekniskt fel", UserMessages.RFA22.sv());
        problem.setProperty("message", UserMessages.RFA22);
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ResponseEntity<ProblemDetail> orderNotFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(
                        HttpStatus.NOT_FOUND,
                        "order-not-found",
                        "Ordern finns inte",
                        "Det finns ingen pågående BankID-order med den referensen. Starta en ny identifiering."));
    }

    @ExceptionHandler(OrderNotPendingException.class)
    ResponseEntity<ProblemDetail> orderNotPending() {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(
                        HttpStatus.CONFLICT,
                        "order-not-pending",
                        "Ordern är avslutad",
                        "BankID-ordern är avslutad, så det finns ingen QR-kod att visa."));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        return ResponseEntity.badRequest()
                .body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Felaktig begäran", e.getMessage()));
    }

    /** Redis down or stalled: order state is unreachable, so BankID logins are unavailable for now. */
    @ExceptionHandler({DataAccessResourceFailureException.class, QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> orderStoreUnavailable(RuntimeException e) {
        log.warn("Order store unavailable: {}", e.getMessage());
        var problem = Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "bankid-unavailable",
                "BankID är inte tillgängligt",
                UserMessages.RFA5.sv());
        problem.setProperty("message", UserMessages.RFA5);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "30")
                .body(problem);
    }

    /** BankID's own words for "something went wrong", as the login page shows them. */
    @Override
    protected String unexpectedErrorDetail() {
        return UserMessages.RFA5.sv();
    }
}
