package se.teknikivast.minasidor.customer.registration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
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
            summary = "Register or confirm a customer's e-mail address (scope customers.register)",
            description = "200 REGISTERED or CONFIRMED; 409 email-already-registered; 422"
                    + " registration-details-mismatch; 400 for an invalid customer number, identity number or e-mail")
    Response register(@RequestBody Request request) {
        var customerNumber = CustomerNumber.parse(request.customerNumber());
        var identityNumber = IdentityNumber.parse(request.identityNumber());
        var email = EmailAddress.parse(request.email());
        var result = registrations.register(customerNumber, identityNumber, email);
        return new Response(result.outcome(), CustomerView.of(result.customer()));
    }

    record Request(
            @Nullable String customerNumber,
            @Nullable String identityNumber,
            @Nullable String email) {}

    record Response(RegistrationOutcome outcome, CustomerView customer) {}
}
