package se.teknikivast.minasidor.customer.email;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import se.teknikivast.minasidor.customer.customer.CustomerView;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;

@RestController
@Tag(name = "e-mail changes")
class EmailChangeController {

    private final EmailChanges changes;

    EmailChangeController(EmailChanges changes) {
        this.changes = changes;
    }

    @PutMapping("/internal/customers/{customerNumber}/email")
    @Operation(summary = "Change a customer's e-mail address, audited (scope customers.admin)")
    CustomerView change(
            @PathVariable String customerNumber,
            @Valid @RequestBody EmailChangeRequest request,
            @AuthenticationPrincipal Jwt token) {
        var number = CustomerNumber.parse(customerNumber);
        var email = EmailAddress.parse(request.email());
        return CustomerView.of(changes.change(number, email, request.reason().strip(), token.getSubject()));
    }

    @GetMapping("/internal/customers/{customerNumber}/email-changes")
    @Operation(summary = "The audit trail of a customer's e-mail changes, addresses masked (scope customers.admin)")
    List<EmailChanges.AuditEntry> auditTrail(@PathVariable String customerNumber) {
        return changes.auditTrail(CustomerNumber.parse(customerNumber));
    }

    record EmailChangeRequest(
            @Nullable String email,

            @NotBlank(message = "Ange varför e-postadressen ändras.")
            @Size(max = 500, message = "Anledningen får ha högst 500 tecken.")
            String reason) {}
}
