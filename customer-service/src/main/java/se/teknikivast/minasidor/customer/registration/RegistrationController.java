package se.teknikivast.minasidor.customer.registration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import se.teknikivast.minasidor.customer.customer.CustomerType;
import se.teknikivast.minasidor.customer.customer.CustomerView;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;

@RestController
@Tag(name = "registrations")
class RegistrationController {

    private final Registrations registrations;

    RegistrationController(Registrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping("/internal/registrations")
    @Operation(
            summary =
                    "Register (pending until proven) or confirm a customer's e-mail address (scope customers.register)",
            description = "200 PENDING or CONFIRMED; 409 email-already-registered; 422"
                    + " registration-details-mismatch; 400 for an invalid customer number, identity number or e-mail")
    Response register(@RequestBody RegistrationRequest request) {
        var customerNumber = CustomerNumber.parse(request.customerNumber());
        var identityNumber = IdentityNumber.parse(request.identityNumber());
        var email = EmailAddress.parse(request.email());
        var result = registrations.register(customerNumber, identityNumber, email);
        return new Response(result.outcome(), CustomerView.of(result.customer()));
    }

    @PostMapping("/internal/registrations/confirmations")
    @Operation(
            summary = "The pending address was proven: it becomes the login address (scope customers.register)",
            description = "200 Customer; 409 registration-not-pending")
    CustomerView confirm(@RequestBody Confirmation request) {
        return CustomerView.of(registrations.confirm(
                CustomerNumber.parse(request.customerNumber()), EmailAddress.parse(request.email())));
    }

    @GetMapping("/internal/registrations/pending")
    @Operation(summary = "Pending registrations, oldest first, addresses masked (scope customers.admin)")
    PendingList pending() {
        return new PendingList(registrations.pending(500).stream()
                .map(c -> new Pending(
                        c.customerNumber().value(),
                        c.type(),
                        c.name(),
                        c.pendingEmail().masked(),
                        c.pendingEmailAt()))
                .toList());
    }

    @DeleteMapping("/internal/registrations/pending/{customerNumber}")
    @Operation(
            summary = "Cancel a pending registration; its links stop working (scope customers.admin)",
            description = "204; 404 customer-not-found; 409 registration-not-pending")
    ResponseEntity<Void> cancel(@PathVariable String customerNumber, @AuthenticationPrincipal Jwt token) {
        registrations.cancel(CustomerNumber.parse(customerNumber), token.getSubject());
        return ResponseEntity.noContent().build();
    }

    record RegistrationRequest(
            @Nullable String customerNumber,
            @Nullable String identityNumber,
            @Nullable String email) {}

    record Response(RegistrationOutcome outcome, CustomerView customer) {}

    record Confirmation(
            @Nullable String customerNumber, @Nullable String email) {}

    record Pending(String customerNumber, CustomerType type, String name, String maskedEmail, Instant since) {}

    record PendingList(List<Pending> registrations) {}
}
