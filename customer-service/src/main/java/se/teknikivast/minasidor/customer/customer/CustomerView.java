package se.teknikivast.minasidor.customer.customer;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Customer} JSON of the internal APIs (docs/service-apis.md). Full identity number, e-mail addresses and
 * postal address: internal only.
 */
public record CustomerView(
        String customerNumber,
        CustomerType type,
        String identityNumber,
        String name,
        @Nullable String email,
        @Nullable Instant emailRegisteredAt,
        @Nullable String pendingEmail,
        @Nullable PostalAddress postalAddress) {

    public static CustomerView of(Customer customer) {
        return new CustomerView(
                customer.customerNumber().value(),
                customer.type(),
                customer.identityNumber().twelveDigits(),
                customer.name(),
                customer.email() == null ? null : customer.email().value(),
                customer.emailRegisteredAt(),
                customer.pendingEmail() == null ? null : customer.pendingEmail().value(),
                customer.postalAddress());
    }
}
