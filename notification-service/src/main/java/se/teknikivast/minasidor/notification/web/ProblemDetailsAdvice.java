package se.teknikivast.minasidor.notification.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import se.teknikivast.minasidor.notification.delivery.DeliveryOperations.DeliveryNotFoundException;
import se.teknikivast.minasidor.notification.delivery.DeliveryOperations.DeliveryNotRedrivableException;

/** Every error of this service as a problem detail with a stable code; never a stack trace. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail notFound(DeliveryNotFoundException e) {
        return Problems.of(
                HttpStatus.NOT_FOUND,
                "delivery-not-found",
                "Utskicket finns inte",
                "Det finns inget utskick med det id:t.");
    }

    @ExceptionHandler
    ProblemDetail notRedrivable(DeliveryNotRedrivableException e) {
        return Problems.of(HttpStatus.CONFLICT, e.code(), "Utskicket kan inte skickas om", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badRequest(DeliveryOperationsController.BadRequestException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, e.code(), "Ogiltig förfrågan", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Ogiltig förfrågan",
                "Parametern '%s' har ett ogiltigt värde.".formatted(e.getName()));
    }

    /** Spring MVC's own errors (unknown path, wrong method, …) keep their status but get our type and code. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        var status = HttpStatus.resolve(statusCode.value());
        var code = status == null ? "error" : status.name().toLowerCase().replace('_', '-');
        var title = status == null ? "Fel" : status.getReasonPhrase();
        var detail = body instanceof ProblemDetail problem && problem.getDetail() != null ? problem.getDetail() : title;
        return super.handleExceptionInternal(
                ex, Problems.of(statusCode, code, title, detail), headers, statusCode, request);
    }
}
