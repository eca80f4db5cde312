package se.teknikivast.minasidor.notification.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import se.teknikivast.minasidor.notification.delivery.DeliveryOperations.DeliveryNotFoundException;
import se.teknikivast.minasidor.notification.delivery.DeliveryOperations.DeliveryNotRedrivableException;
import se.teknikivast.minasidor.problem.ProblemHandler;
import se.teknikivast.minasidor.problem.Problems;

/**
 * The service's one exception handler: its own problems here, the common ones (a parameter of the wrong type, unknown
 * paths, wrong methods, unexpected errors) from {@link ProblemHandler}; never a stack trace.
 */
@RestControllerAdvice
class DeliveryProblems extends ProblemHandler {

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
}
