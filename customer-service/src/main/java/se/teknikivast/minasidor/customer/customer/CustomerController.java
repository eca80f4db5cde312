package se.teknikivast.minasidor.customer.customer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.IdentityNumber;
import se.teknikivast.minasidor.identity.InvalidCustomerNumberException;

/** Reading customers: for logins (internal, by number or identity number) and for the customer themself. */
@RestController
@Tag(name = "customers")
class CustomerController {

    private final Customers customers;

    CustomerController(Customers customers) {
        this.customers = customers;
    }

    @GetMapping("/internal/customers/{customerNumber}")
    @Operation(summary = "A customer by customer number (scope customers.read)")
    CustomerView byNumber(@PathVariable String customerNumber) {
        return CustomerView.of(customers.get(CustomerNumber.parse(customerNumber)));
    }

    /** POST, so that the identity number travels in the body and never in a URL or an access log. */
    @PostMapping("/internal/customers/search")
    @Operation(summary = "The customers with an identity number, any accepted spelling (scope customers.read)")
    SearchResult search(@RequestBody SearchRequest request) {
        var identityNumber = IdentityNumber.parse(request.identityNumber());
        return new SearchResult(customers.findByIdentityNumber(identityNumber).stream()
                .map(CustomerView::of)
                .toList());
    }

    @GetMapping("/api/customers/me")
    @Operation(summary = "The logged-in customer (a customer's token: sub = customer number)")
    Me me(@AuthenticationPrincipal Jwt token) {
        CustomerNumber customerNumber;
        try {
            customerNumber = CustomerNumber.parse(token.getSubject());
        } catch (InvalidCustomerNumberException e) {
            throw new NotACustomerTokenException();
        }
        var customer = customers.get(customerNumber);
        return new Me(
                customer.customerNumber().value(),
                customer.type(),
                customer.name(),
                customer.email() == null ? null : customer.email().masked());
    }

    record SearchRequest(@Nullable String identityNumber) {}

    record SearchResult(List<CustomerView> customers) {}

    record Me(
            String customerNumber,
            CustomerType type,
            String name,
            @Nullable String maskedEmail) {}
}
