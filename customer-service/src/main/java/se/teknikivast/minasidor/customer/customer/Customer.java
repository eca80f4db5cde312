package se.teknikivast.minasidor.customer.customer;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;

/** A customer as stored; {@code email} and {@code emailRegisteredAt} are both present or both absent. */
public record Customer(
        CustomerNumber customerNumber,
        CustomerType type,
        IdentityNumber identityNumber,
        String name,
        @Nullable EmailAddress email,
        @Nullable Instant emailRegisteredAt,
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
