package se.teknikivast.minasidor.bankid.web;

import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
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
import se.teknikivast.minasidor.bankid.message.UserMessages;
import se.teknikivast.minasidor.bankid.order.OrderNotFoundException;
import se.teknikivast.minasidor.bankid.order.OrderNotPendingException;
import se.teknikivast.minasidor.bankid.rp.RpError;
import se.teknikivast.minasidor.bankid.rp.RpException;

/**
 * The service's one exception handler: every error is a problem detail with a stable {@code code}. BankID errors
 * also carry the RFA {@code message} (sv/en) to show; our own integration mistakes are reported as a generic
 * error, never as something BankID said.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

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

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Tekniskt fel", UserMessages.RFA5.sv()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var fields = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        var problem = Problems.of(status, "invalid-request", "Felaktig begäran", "Ogiltiga fält: " + fields);
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problem = Problems.of(status, "invalid-request", "Felaktig begäran", "Begäran är inte giltig JSON.");
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
            Problems.withCode(problem, Problems.codeFor(statusCode.value()), null);
        } else if (body instanceof ProblemDetail problem
                && !problem.getProperties().containsKey("code")) {
            Problems.withCode(problem, Problems.codeFor(statusCode.value()), null);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
