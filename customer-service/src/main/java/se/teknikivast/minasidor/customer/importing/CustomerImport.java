package se.teknikivast.minasidor.customer.importing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.customer.customer.Customer;
import se.teknikivast.minasidor.customer.customer.CustomerType;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.customer.Customers.NewCustomer;
import se.teknikivast.minasidor.customer.customer.PostalAddress;
import se.teknikivast.minasidor.customer.importing.ImportReader.RowRejected;
import se.teknikivast.minasidor.customer.importing.ImportResult.Rejection;
import se.teknikivast.minasidor.customer.outbox.CustomerEvents;
import se.teknikivast.minasidor.events.CustomerEvent.EmailRegistered;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;
import se.teknikivast.minasidor.identity.InvalidValueException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The idempotent bulk import of customers (operations, demo data, benchmarks). Importing the same file twice changes
 * nothing the second time. Bad rows are rejected with their line number and do not stop the good ones; good rows are
 * stored in chunks, each in its own transaction.
 *
 * <p>The import owns the master data (type, identity number, name). An e-mail address in the input only fills an
 * empty one: an address registered by the customer or changed by customer service (audited) is never overwritten by an
 * import.
 */
@Service
public class CustomerImport {

    static final int CHUNK_SIZE = 500;
    static final int MAX_NAME_LENGTH = 200;

    private final Customers customers;
    private final CustomerEvents outbox;
    private final TransactionTemplate transactions;
    private final ImportReader reader;
    private final Clock clock;

    CustomerImport(
            Customers customers,
            CustomerEvents outbox,
            TransactionTemplate transactions,
            JsonMapper json,
            Clock clock) {
        this.customers = customers;
        this.outbox = outbox;
        this.transactions = transactions;
        this.reader = new ImportReader(json);
        this.clock = clock;
    }

    /**
     * Imports every row of {@code input}.
     *
     * @param format the format, or {@code null} to tell from the first non-blank line
     */
    public ImportResult importFrom(Reader input, @Nullable ImportFormat format) {
        var run = new Run();
        try {
            reader.read(input, format, new ImportReader.Rows() {
                @Override
                public void row(int line, Map<String, @Nullable String> fields) {
                    try {
                        run.add(CustomerImport.row(line, fields));
                    } catch (RowRejected e) {
                        rejected(line, e.getMessage());
                    }
                }

                @Override
                public void rejected(int line, String reason) {
                    run.rejected.add(new Rejection(line, reason));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run.flush();
        run.rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new ImportResult(run.imported, run.unchanged, List.copyOf(run.rejected));
    }

    private static Row row(int line, Map<String, @Nullable String> fields) {
        var customerNumber = field("customerNumber", () -> CustomerNumber.parse(fields.get("customernumber")));
        var typeText = fields.get("type");
        CustomerType type;
        try {
            type = CustomerType.valueOf(typeText == null ? "" : typeText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RowRejected("type: okänd kundtyp, ange PRIVATE_PERSON, SOLE_TRADER eller COMPANY.");
        }
        var identityNumber = field("identityNumber", () -> IdentityNumber.parse(fields.get("identitynumber")));
        if (!type.accepts(identityNumber)) {
            throw new RowRejected(
                    type == CustomerType.COMPANY
                            ? "identityNumber: ett företag (COMPANY) ska ha ett organisationsnummer (16XXXXXX-XXXX)."
                            : "identityNumber: en privatperson eller enskild firma ska ha ett personnummer eller"
                                    + " samordningsnummer.");
        }
        var name = fields.get("name");
        if (name == null || name.isBlank()) {
            throw new RowRejected("name: namn saknas.");
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new RowRejected("name: namnet får ha högst " + MAX_NAME_LENGTH + " tecken.");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new RowRejected("name: namnet innehåller otillåtna tecken.");
        }
        var emailText = fields.get("email");
        var email =
                emailText == null || emailText.isBlank() ? null : field("email", () -> EmailAddress.parse(emailText));
        return new Row(line, new NewCustomer(customerNumber, type, identityNumber, name, email, postalAddress(fields)));
    }

    /** All three parts, or none (a customer without a postal address gets no letters). */
    private static @Nullable PostalAddress postalAddress(Map<String, @Nullable String> fields) {
        var street = fields.get("street");
        var code = fields.get("postalcode");
        var city = fields.get("city");
        if (isBlank(street) && isBlank(code) && isBlank(city)) {
            return null;
        }
        try {
            return new PostalAddress(street, code, city);
        } catch (IllegalArgumentException e) {
            throw new RowRejected("postal address: " + e.getMessage());
        }
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static <T> T field(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValueException e) {
            throw new RowRejected(name + ": " + e.getMessage());
        }
    }

    private record Row(int line, NewCustomer customer) {}

    /** One import: collects rows into chunks and stores each chunk in its own transaction. */
    private final class Run {
        int imported;
        int unchanged;
        final List<Rejection> rejected = new ArrayList<>();
        final List<Row> chunk = new ArrayList<>(CHUNK_SIZE);
        final Set<CustomerNumber> numbersInChunk = new HashSet<>();

        void add(Row row) {
            // A number twice in one chunk: store the first before reading the second, so the later row wins.
            if (!numbersInChunk.add(row.customer().customerNumber())) {
                flush();
                numbersInChunk.add(row.customer().customerNumber());
            }
            chunk.add(row);
            if (chunk.size() == CHUNK_SIZE) {
                flush();
            }
        }

        void flush() {
            if (chunk.isEmpty()) {
                return;
            }
            transactions.executeWithoutResult(status -> store(chunk));
            chunk.clear();
            numbersInChunk.clear();
        }

        private void store(List<Row> rows) {
            var now = clock.instant();
            var existing = new HashMap<CustomerNumber, Customer>();
            for (var customer : customers.findAll(
                    rows.stream().map(r -> r.customer().customerNumber()).toList())) {
                existing.put(customer.customerNumber(), customer);
            }
            var inserts = new ArrayList<Row>();
            for (var row : rows) {
                var incoming = row.customer();
                var stored = existing.get(incoming.customerNumber());
                if (stored == null) {
                    inserts.add(row);
                } else if (sameAsStored(stored, incoming)) {
                    unchanged++;
                } else if (customers.updateMasterData(
                        stored,
                        incoming.type(),
                        incoming.identityNumber(),
                        incoming.name(),
                        incoming.email(),
                        incoming.postalAddress(),
                        now)) {
                    imported++;
                    if (stored.email() == null && incoming.email() != null) {
                        registered(incoming, now);
                    }
                } else {
                    rejected.add(new Rejection(
                            row.line(),
                            "customerNumber: kunden ändrades samtidigt av någon annan; importera raden igen."));
                }
            }
            if (!inserts.isEmpty()) {
                var inserted =
                        customers.insertAll(inserts.stream().map(Row::customer).toList(), now);
                for (int i = 0; i < inserts.size(); i++) {
                    if (inserted[i]) {
                        imported++;
                        if (inserts.get(i).customer().email() != null) {
                            registered(inserts.get(i).customer(), now);
                        }
                    } else {
                        // Created by a concurrent import in between: what we wanted is there already.
                        unchanged++;
                    }
                }
            }
        }

        private boolean sameAsStored(Customer stored, NewCustomer incoming) {
            return stored.type() == incoming.type()
                    && stored.identityNumber().equals(incoming.identityNumber())
                    && stored.name().equals(incoming.name())
                    && java.util.Objects.equals(stored.postalAddress(), incoming.postalAddress())
                    && (stored.email() != null || incoming.email() == null);
        }

        private void registered(NewCustomer customer, java.time.Instant at) {
            outbox.append(EmailRegistered.of(
                    customer.customerNumber().value(), customer.email().masked(), at));
        }
    }
}
