package se.teknikivast.minasidor.auth.credentials;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored password hashes and failure counters, one row per customer number. */
@Repository
public class Credentials {

    private final JdbcClient jdbc;

    Credentials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code nfkc}: the hash was made of the password's NFKC form ({@link PasswordText}); else of it as typed. */
    record StoredCredential(
            String customerNumber, String passwordHash, boolean nfkc, int failedAttempts, Instant lockedUntil) {

        boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }
    }

    Optional<StoredCredential> findByCustomerNumber(String customerNumber) {
        return jdbc.sql("""
                        select customer_number, password_hash, nfkc, failed_attempts, locked_until
                        from credentials where customer_number = ?""")
                .param(customerNumber)
                .query((rs, row) -> new StoredCredential(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getInt(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .optional();
    }

    public boolean hasPassword(String customerNumber) {
        return jdbc.sql("select count(*) from credentials where customer_number = ?")
                        .param(customerNumber)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Sets or replaces a hash of a password's NFKC form (password setup) and clears any lock. */
    void storeHash(String customerNumber, String passwordHash, Instant now) {
        jdbc.sql("""
                        insert into credentials (customer_number, password_hash, nfkc, failed_attempts, locked_until,
                                                 updated_at)
                        values (?, ?, true, 0, null, ?)
                        on conflict (customer_number) do update
                        set password_hash = excluded.password_hash, nfkc = true, failed_attempts = 0,
                            locked_until = null, updated_at = excluded.updated_at""")
                .params(customerNumber, passwordHash, java.sql.Timestamp.from(now))
                .update();
    }

    /** Stores a hash of a password's NFKC form only if the customer has none: returns whether it did. */
    boolean storeHashIfAbsent(String customerNumber, String passwordHash, Instant now) {
        return jdbc.sql("""
                        insert into credentials (customer_number, password_hash, nfkc, updated_at)
                        values (?, ?, true, ?)
                        on conflict (customer_number) do nothing""")
                        .params(customerNumber, passwordHash, java.sql.Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Replaces the hash by one of the password's NFKC form (new parameters, or a hash of the password as typed). */
    void upgradeHash(String customerNumber, String passwordHash, Instant now) {
        jdbc.sql("update credentials set password_hash = ?, nfkc = true, updated_at = ? where customer_number = ?")
                .params(passwordHash, java.sql.Timestamp.from(now), customerNumber)
                .update();
    }

    /** Counts one more failure atomically (two instances may see failures for one account at once). */
    int recordFailure(String customerNumber) {
        return jdbc.sql("""
                        update credentials set failed_attempts = least(failed_attempts + 1, 1000000)
                        where customer_number = ? returning failed_attempts""").param(customerNumber).query(Integer.class).single();
    }

    void lockUntil(String customerNumber, Instant until) {
        jdbc.sql("update credentials set locked_until = ? where customer_number = ?")
                .params(java.sql.Timestamp.from(until), customerNumber)
                .update();
    }

    void recordSuccess(String customerNumber) {
        jdbc.sql("update credentials set failed_attempts = 0, locked_until = null where customer_number = ?")
                .param(customerNumber)
                .update();
    }
}
