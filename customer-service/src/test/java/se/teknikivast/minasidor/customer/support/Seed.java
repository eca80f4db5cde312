package se.teknikivast.minasidor.customer.support;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import se.teknikivast.minasidor.customer.customer.CustomerType;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.customer.Customers.NewCustomer;
import se.teknikivast.minasidor.customer.customer.PostalAddress;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;

/** Puts customers straight into the database, for tests about something else than the import. */
public final class Seed {

    private Seed() {}

    public record Seeded(
            String customerNumber,
            String identityNumber,
            @Nullable String email) {}

    public static Seeded person(Customers customers, @Nullable String email) {
        return insert(customers, CustomerType.PRIVATE_PERSON, TestData.personnummer(), "Test Testsson", email);
    }

    public static Seeded company(Customers customers, @Nullable String email) {
        return insert(customers, CustomerType.COMPANY, TestData.organisationsnummer(), "Test AB", email);
    }

    public static Seeded insert(
            Customers customers, CustomerType type, String identityNumber, String name, @Nullable String email) {
        var number = TestData.customerNumber();
        customers.insertAll(
                List.of(new NewCustomer(
                        new CustomerNumber(number),
                        type,
                        IdentityNumber.parse(identityNumber),
                        name,
                        email == null ? null : EmailAddress.parse(email),
                        new PostalAddress("Testgatan 1", "652 25", "Karlstad"))),
                Instant.now());
        return new Seeded(number, identityNumber, email);
    }
}
