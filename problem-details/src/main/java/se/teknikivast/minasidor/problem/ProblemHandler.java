package se.teknikivast.minasidor.problem;

import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The errors every Spring MVC service answers alike, as house-format problem details: invalid JSON or fields (400
 * {@code invalid-request}), a parameter of the wrong type (400 {@code invalid-parameter}), Spring MVC's own errors
 * (404, 405, 406, 415, … with the code of their status), and anything unexpected (500 {@code internal-error}, logged,
 * never a stack trace or exception message in the answer). A service's one {@code @RestControllerAdvice} extends this
 * class and adds only its own problems.
 */
public abstract class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** What a caller is told about an unexpected error; a service may say it in its callers' words. */
    protected String unexpectedErrorDetail() {
        return "Ett oväntat fel inträffade. Försök igen om en stund.";
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Något gick fel", unexpectedErrorDetail()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var fields = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        var detail = fields.isEmpty() ? "Begäran är inte giltig." : "Ogiltiga fält: " + fields;
        return problem(headers, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Ogiltig begäran", detail));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(
                headers,
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "Ogiltig begäran",
                        "Begäran kunde inte läsas: skicka ett JSON-objekt med de fält som API:t beskriver."));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : e.getPropertyName();
        return problem(
                headers,
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-parameter",
                        "Ogiltig begäran",
                        "Parametern '%s' har ett ogiltigt värde.".formatted(name)));
    }

    /** Spring MVC's own errors keep their status, title and detail, and get the house type and code. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            Problems.withCode(problem, Problems.codeFor(status));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static ResponseEntity<Object> problem(HttpHeaders headers, ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }
}
