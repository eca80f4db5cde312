package se.teknikivast.minasidor.customer.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;

/** The customer records in PostgreSQL. Values are checked types in both directions: the table holds only valid ones. */
@Repository
public class Customers {

    private static final String COLUMNS = "customer_number, type, identity_number, name, email, email_registered_at,"
            + " pending_email, pending_email_at, postal_street, postal_code, postal_city, created_at, updated_at, version";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    Customers(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    public Optional<Customer> find(CustomerNumber customerNumber) {
        return jdbc.sql("select " + COLUMNS + " from customers where customer_number = ?")
                .param(customerNumber.value())
                .query(Customers::map)
                .optional();
    }

    public Customer get(CustomerNumber customerNumber) {
        return find(customerNumber).orElseThrow(() -> new CustomerNotFoundException(customerNumber));
    }

    public List<Customer> findByIdentityNumber(IdentityNumber identityNumber) {
        return jdbc.sql("select " + COLUMNS + " from customers where identity_number = ? order by customer_number")
                .param(identityNumber.twelveDigits())
                .query(Customers::map)
                .list();
    }

    public List<Customer> findAll(List<CustomerNumber> customerNumbers) {
        if (customerNumbers.isEmpty()) {
            return List.of();
        }
        var numbers = customerNumbers.stream().map(CustomerNumber::value).toArray(String[]::new);
        return jdbc.sql("select " + COLUMNS + " from customers where customer_number = any(?)")
                .param(numbers)
                .query(Customers::map)
                .list();
    }

    /**
     * Makes {@code email} the customer's pending address, replacing an earlier pending one, only while the customer has
     * no login address (evaluated by PostgreSQL under the row lock).
     *
     * @return whether the customer had no login address and the pending address is now this one
     */
    public boolean setPendingEmailIfNone(CustomerNumber customerNumber, EmailAddress email, Instant at) {
        return jdbc.sql("""
                        update customers
                           set pending_email = ?, pending_email_at = ?, updated_at = ?, version = version + 1
                         where customer_number = ? and email is null""")
                        .params(email.value(), Timestamp.from(at), Timestamp.from(at), customerNumber.value())
                        .update()
                == 1;
    }

    /**
     * Makes the pending address the login address, if it is still {@code email} (any case) and there is no login
     * address yet.
     *
     * @return whether it did
     */
    public boolean confirmPendingEmail(CustomerNumber customerNumber, EmailAddress email, Instant at) {
        return jdbc.sql("""
                        update customers
                           set email = pending_email, email_registered_at = ?, pending_email = null,
                               pending_email_at = null, updated_at = ?, version = version + 1
                         where customer_number = ? and email is null and lower(pending_email) = lower(?)""")
                        .params(Timestamp.from(at), Timestamp.from(at), customerNumber.value(), email.value())
                        .update()
                == 1;
    }

    /** Drops the pending address; whether there was one. */
    public boolean cancelPendingEmail(CustomerNumber customerNumber, Instant at) {
        return jdbc.sql("""
                        update customers
                           set pending_email = null, pending_email_at = null, updated_at = ?, version = version + 1
                         where customer_number = ? and pending_email is not null""").params(Timestamp.from(at), customerNumber.value()).update() == 1;
    }

    /** Customers with a pending address, oldest first. */
    public List<Customer> withPendingEmail(int limit) {
        return jdbc.sql("select " + COLUMNS
                        + " from customers where pending_email is not null order by pending_email_at limit ?")
                .param(limit)
                .query(Customers::map)
                .list();
    }

    /**
     * Replaces the e-mail address if the row is still at {@code expectedVersion} (optimistic locking); a pending address
     * goes (customer service set the login address).
     *
     * @return whether the row was changed; {@code false} means someone else changed the customer meanwhile
     */
    public boolean changeEmail(CustomerNumber customerNumber, EmailAddress email, long expectedVersion, Instant at) {
        return jdbc.sql("""
                        update customers
                           set email = ?, email_registered_at = ?, pending_email = null, pending_email_at = null,
                               updated_at = ?, version = version + 1
                         where customer_number = ? and version = ?""")
                        .params(
                                email.value(),
                                Timestamp.from(at),
                                Timestamp.from(at),
                                customerNumber.value(),
                                expectedVersion)
                        .update()
                == 1;
    }

    /** A new customer for {@link #insertAll}. */
    public record NewCustomer(
            CustomerNumber customerNumber,
            CustomerType type,
            IdentityNumber identityNumber,
            String name,
            @Nullable EmailAddress email,
            @Nullable PostalAddress postalAddress) {}

    /**
     * Inserts new customers in one batch; numbers taken meanwhile (a concurrent import) are skipped.
     *
     * @return for each customer, whether it was inserted
     */
    public boolean[] insertAll(List<NewCustomer> newCustomers, Instant at) {
        var now = Timestamp.from(at);
        var rows = jdbcTemplate.batchUpdate("""
                insert into customers (customer_number, type, identity_number, name, email,
                                       email_registered_at, created_at, updated_at, postal_street, postal_code,
                                       postal_city, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                on conflict (customer_number) do nothing""", newCustomers, newCustomers.size(), (ps, c) -> {
            ps.setString(1, c.customerNumber().value());
            ps.setString(2, c.type().name());
            ps.setString(3, c.identityNumber().twelveDigits());
            ps.setString(4, c.name());
            ps.setString(5, c.email() == null ? null : c.email().value());
            ps.setTimestamp(6, c.email() == null ? null : now);
            ps.setTimestamp(7, now);
            ps.setTimestamp(8, now);
            var postal = c.postalAddress();
            ps.setString(9, postal == null ? null : postal.street());
            ps.setString(10, postal == null ? null : postal.postalCode());
            ps.setString(11, postal == null ? null : postal.city());
        });
        var inserted = new boolean[newCustomers.size()];
        int i = 0;
        for (var batch : rows) {
            for (var count : batch) {
                inserted[i++] = count != 0;
            }
        }
        return inserted;
    }

    /**
     * Updates the master data of an existing customer, and sets the e-mail only where none is registered yet.
     *
     * @return whether the row was changed ({@code false}: a concurrent change; the row is at another version)
     */
    public boolean updateMasterData(
            Customer existing,
            CustomerType type,
            IdentityNumber identityNumber,
            String name,
            @Nullable EmailAddress newEmail,
            @Nullable PostalAddress postalAddress,
            Instant at) {
        var email = existing.email() != null ? existing.email() : newEmail;
        var registeredAt = existing.email() != null ? existing.emailRegisteredAt() : newEmail == null ? null : at;
        return jdbc.sql("""
                        update customers
                           set type = ?, identity_number = ?, name = ?, email = ?, email_registered_at = ?,
                               postal_street = ?, postal_code = ?, postal_city = ?,
                               updated_at = ?, version = version + 1
                         where customer_number = ? and version = ?""")
                        .params(
                                type.name(),
                                identityNumber.twelveDigits(),
                                name,
                                email == null ? null : email.value(),
                                registeredAt == null ? null : Timestamp.from(registeredAt),
                                postalAddress == null ? null : postalAddress.street(),
                                postalAddress == null ? null : postalAddress.postalCode(),
                                postalAddress == null ? null : postalAddress.city(),
                                Timestamp.from(at),
                                existing.customerNumber().value(),
                                existing.version())
                        .update()
                == 1;
    }

    public long count() {
        return jdbc.sql("select count(*) from customers").query(Long.class).single();
    }

    private static Customer map(ResultSet rs, int row) throws SQLException {
        var email = rs.getString("email");
        var registeredAt = rs.getTimestamp("email_registered_at");
        var pending = rs.getString("pending_email");
        var pendingAt = rs.getTimestamp("pending_email_at");
        var street = rs.getString("postal_street");
        return new Customer(
                new CustomerNumber(rs.getString("customer_number")),
                CustomerType.valueOf(rs.getString("type")),
                IdentityNumber.parse(rs.getString("identity_number")),
                rs.getString("name"),
                email == null ? null : EmailAddress.parse(email),
                registeredAt == null ? null : registeredAt.toInstant(),
                pending == null ? null : EmailAddress.parse(pending),
                pendingAt == null ? null : pendingAt.toInstant(),
                street == null
                        ? null
                        : new PostalAddress(street, rs.getString("postal_code"), rs.getString("postal_city")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"));
    }
}
