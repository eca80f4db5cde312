package se.teknikivast.minasidor.auth.password;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.auth.credentials.PasswordHasher;
import se.teknikivast.minasidor.auth.outbox.EmailOutbox;
import se.teknikivast.minasidor.events.LetterRequest;

/**
 * One-time activation codes, posted to the customer's postal address: the proof of a registration for those who
 * cannot confirm it with Mobilt BankID (companies, people without it). Ten characters from an alphabet without look-
 * alikes (50 bits), shown as {@code XXXXX-XXXXX}; only an Argon2id hash is stored (the code is short enough that a
 * fast hash of a leaked table would give it away). One usable code per customer at a time; a few wrong tries void
 * it; at most {@code letters-per-window} letters per customer.
 */
@Component
public class ActivationCodes {

    private static final Logger log = LoggerFactory.getLogger(ActivationCodes.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    /** What the page may say about the customer's letter. */
    public enum LetterState {
        /** A code is on its way or waiting to be entered. */
        SENT,
        /** No usable code: a letter can be asked for. */
        NONE,
        /** No usable code, and no more letters for now (customer service can help). */
        NO_MORE_LETTERS
    }

    private final JdbcClient jdbc;
    private final PasswordHasher hasher;
    private final EmailOutbox outbox;
    private final ActivationProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ActivationCodes(
            JdbcClient jdbc, PasswordHasher hasher, EmailOutbox outbox, ActivationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    public LetterState letterState(String customerNumber) {
        if (usable(customerNumber).isPresent()) {
            return LetterState.SENT;
        }
        return lettersInWindow(customerNumber) >= properties.lettersPerWindow()
                ? LetterState.NO_MORE_LETTERS
                : LetterState.NONE;
    }

    /**
     * Makes a code and queues the letter to the postal address, unless a usable code exists or the customer's letters
     * are used up; answers whether a letter was queued.
     */
    @Transactional
    public boolean sendLetter(CustomerContacts.Contact customer, Locale locale) {
        var address = customer.postalAddress();
        if (address == null || address.street() == null || address.postalCode() == null || address.city() == null) {
            log.warn("No postal address for customer {}: no activation letter", customer.customerNumber());
            return false;
        }
        // Serialises two clicks of the same customer: one code, one letter.
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))")
                .param("activation:" + customer.customerNumber())
                .query()
                .listOfRows();
        if (letterState(customer.customerNumber()) != LetterState.NONE) {
            return false;
        }
        var code = newCode();
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var expires = now.plus(properties.codeValidity());
        jdbc.sql("""
                        insert into activation_codes (customer_number, code_hash, created_at, expires_at)
                        values (?, ?, ?, ?)""")
                .params(
                        customer.customerNumber(),
                        hasher.hash(normalized(code)),
                        Timestamp.from(now),
                        Timestamp.from(expires))
                .update();
        outbox.enqueue(new LetterRequest(
                UUID.randomUUID(),
                LetterRequest.Type.ACTIVATION_CODE,
                LetterRequest.VERSION,
                customer.customerNumber(),
                new LetterRequest.Recipient(customer.name(), address.street(), address.postalCode(), address.city()),
                PasswordSetupLinks.language(locale),
                Map.of(
                        "code",
                        code.substring(0, 5) + "-" + code.substring(5),
                        "validUntil",
                        expires.atZone(SWEDEN).toLocalDate().toString()),
                now));
        log.info("Activation letter queued for customer {}", customer.customerNumber());
        return true;
    }

    /** Whether {@code typed} is the customer's usable code; a wrong one counts towards voiding it. */
    @Transactional
    public boolean check(String customerNumber, String typed) {
        var usable = usable(customerNumber);
        if (usable.isEmpty()) {
            return false;
        }
        var code = usable.get();
        if (typed != null && hasher.matches(normalized(typed), code.hash())) {
            return true;
        }
        jdbc.sql("""
                        update activation_codes
                           set failed_attempts = failed_attempts + 1,
                               voided_at = case when failed_attempts + 1 >= ? then ? else voided_at end
                         where id = ?""")
                .params(properties.maxFailedAttempts(), Timestamp.from(clock.instant()), code.id())
                .update();
        return false;
    }

    /** Uses the customer's code up, in the transaction that sets the password. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void consume(String customerNumber) {
        jdbc.sql("""
                        update activation_codes set used_at = ?
                         where customer_number = ? and used_at is null and voided_at is null""").params(Timestamp.from(clock.instant()), customerNumber).update();
    }

    /** Voids the customer's unused codes (customer service cancelled the pending registration). */
    @Transactional
    public int voidAll(String customerNumber) {
        return jdbc.sql("""
                        update activation_codes set voided_at = ?
                         where customer_number = ? and used_at is null and voided_at is null""")
                .params(Timestamp.from(clock.instant()), customerNumber)
                .update();
    }

    private record Code(long id, String hash) {}

    private Optional<Code> usable(String customerNumber) {
        return jdbc.sql("""
                        select id, code_hash from activation_codes
                         where customer_number = ? and used_at is null and voided_at is null and expires_at > ?
                         order by id desc limit 1""")
                .params(customerNumber, Timestamp.from(clock.instant()))
                .query((rs, row) -> new Code(rs.getLong(1), rs.getString(2)))
                .optional();
    }

    private long lettersInWindow(String customerNumber) {
        Instant since = clock.instant().minus(properties.letterWindow());
        return jdbc.sql("select count(*) from activation_codes where customer_number = ? and created_at > ?")
                .params(customerNumber, Timestamp.from(since))
                .query(Long.class)
                .single();
    }

    private String newCode() {
        var code = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** As typed: any case, with or without the hyphen and spaces. */
    static String normalized(String code) {
        return code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
