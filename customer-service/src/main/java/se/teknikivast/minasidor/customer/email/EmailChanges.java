package se.teknikivast.minasidor.customer.email;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.customer.customer.Customer;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.outbox.CustomerEvents;
import se.teknikivast.minasidor.events.CustomerEvent.EmailChanged;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;

/**
 * Customer service changing a customer's e-mail address (customers cannot, by the login guide's rule). Every change
 * writes an audit row (who, when, why, masked old and new) and an {@code EmailChanged} event in the same transaction.
 */
@Service
public class EmailChanges {

    private static final Logger log = LoggerFactory.getLogger(EmailChanges.class);

    private final Customers customers;
    private final JdbcClient jdbc;
    private final CustomerEvents outbox;
    private final Clock clock;

    EmailChanges(Customers customers, JdbcClient jdbc, CustomerEvents outbox, Clock clock) {
        this.customers = customers;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One audited change, as stored: the addresses only masked. */
    public record AuditEntry(
            String customerNumber,
            String changedBy,
            Instant changedAt,
            String maskedOld,
            String maskedNew,
            String reason) {}

    /**
     * Sets the customer's e-mail address. Asking for the address the customer already has (ignoring case) changes
     * nothing and audits nothing.
     *
     * @throws ConcurrentCustomerChangeException if the customer changed between reading and writing
     */
    @Transactional
    public Customer change(CustomerNumber customerNumber, EmailAddress email, String reason, String changedBy) {
        var customer = customers.get(customerNumber);
        if (email.equals(customer.email())) {
            return customer;
        }
        var now = clock.instant();
        if (!customers.changeEmail(customerNumber, email, customer.version(), now)) {
            throw new ConcurrentCustomerChangeException();
        }
        var maskedOld = customer.email() == null ? null : customer.email().masked();
        jdbc.sql("""
                        insert into email_changes (customer_number, changed_by, changed_at, masked_old, masked_new, reason)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(customerNumber.value(), changedBy, Timestamp.from(now), maskedOld, email.masked(), reason)
                .update();
        outbox.append(EmailChanged.of(
                customerNumber.value(),
                maskedOld,
                email.masked(),
                customer.email() == null ? null : customer.email().value(),
                email.value(),
                changedBy,
                now));
        log.info("{} changed the e-mail of customer {} from {} to {}", changedBy, customerNumber, maskedOld, email);
        return customers.get(customerNumber);
    }

    public List<AuditEntry> auditTrail(CustomerNumber customerNumber) {
        return jdbc.sql("""
                        select customer_number, changed_by, changed_at, masked_old, masked_new, reason
                          from email_changes where customer_number = ? order by id""")
                .param(customerNumber.value())
                .query((rs, row) -> new AuditEntry(
                        rs.getString("customer_number"),
                        rs.getString("changed_by"),
                        rs.getTimestamp("changed_at").toInstant(),
                        rs.getString("masked_old"),
                        rs.getString("masked_new"),
                        rs.getString("reason")))
                .list();
    }
}
