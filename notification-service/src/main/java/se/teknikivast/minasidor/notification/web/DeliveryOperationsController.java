package se.teknikivast.minasidor.notification.web;

import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.teknikivast.minasidor.notification.delivery.Delivery;
import se.teknikivast.minasidor.notification.delivery.DeliveryOperations;
import se.teknikivast.minasidor.notification.delivery.DeliveryStatus;

/** The operations API (scope {@code notifications.admin}): the delivery log, and re-driving failed deliveries. */
@RestController
@RequestMapping("/internal/deliveries")
class DeliveryOperationsController {

    private static final int MAX_LIMIT = 500;

    private final DeliveryOperations operations;

    DeliveryOperationsController(DeliveryOperations operations) {
        this.operations = operations;
    }

    @GetMapping
    Deliveries list(
            @RequestParam(defaultValue = "FAILED") String status, @RequestParam(defaultValue = "100") int limit) {
        DeliveryStatus parsed;
        try {
            parsed = DeliveryStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "invalid-status",
                    "Okänd status '%s'; giltiga är PENDING, SENDING, SENT och FAILED.".formatted(status));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("invalid-limit", "limit ska vara mellan 1 och " + MAX_LIMIT + ".");
        }
        return new Deliveries(operations.list(parsed, limit));
    }

    @GetMapping("/{id}")
    Delivery get(@PathVariable UUID id) {
        return operations.get(id);
    }

    @PostMapping("/{id}/redrive")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Delivery redrive(@PathVariable UUID id, Principal principal) {
        return operations.redrive(id, principal == null ? "unknown" : principal.getName());
    }

    record Deliveries(List<Delivery> deliveries) {}

    static class BadRequestException extends RuntimeException {
        private final String code;

        BadRequestException(String code, String detail) {
            super(detail);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
