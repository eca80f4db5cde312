package se.teknikivast.minasidor.customer.customer;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;

/**
 * A customer as stored; {@code email} and {@code emailRegisteredAt} are both present or both absent, so are
 * {@code pendingEmail} and {@code pendingEmailAt}. {@code email} is the login address; {@code pendingEmail} one entered
 * at registration and not yet proven (docs/security.md).
 */
public record Customer(
        CustomerNumber customerNumber,
        CustomerType type,
        IdentityNumber identityNumber,
        String name,
        @Nullable EmailAddress email,
        @Nullable Instant emailRegisteredAt,
        @Nullable EmailAddress pendingEmail,
        @Nullable Instant pendingEmailAt,
        @Nullable PostalAddress postalAddress,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Optional<EmailAddress> registeredEmail() {
        return Optional.ofNullable(email);
    }

    public boolean owns(IdentityNumber candidate) {
        return identityNumber.equals(candidate);
    }
}
