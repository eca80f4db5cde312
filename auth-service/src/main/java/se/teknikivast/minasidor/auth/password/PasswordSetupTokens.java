package se.teknikivast.minasidor.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password-setup tokens (docs/security.md): 256 bits from a CSPRNG, base64url without padding (43 characters),
 * only their SHA-256 stored; single use; valid for {@link PasswordSetupProperties#tokenValidity()}; a new one voids
 * the customer's older ones.
 */
@Component
public class PasswordSetupTokens {

    private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** What a token is worth right now; customer number, purpose and address hash only for a usable one. */
    public record TokenState(Status status, String customerNumber, Purpose purpose, byte[] emailHash) {

        static TokenState of(Status status) {
            return new TokenState(status, null, null, null);
        }
    }

    public enum Status {
        VALID,
        USED,
        EXPIRED,
        UNKNOWN,
        /** Mailed to an address that is no longer the customer's (customer service changed it, or it was replaced). */
        CHANGED
    }

    /** What the link is for. */
    public enum Purpose {
        /** A forgotten password: mailed to the customer's login address. */
        RESET,
        /** A first password: mailed to an address that stays pending until the customer proves who they are. */
        REGISTRATION
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PasswordSetupProperties properties;
    private final SecureRandom random = new SecureRandom();

    PasswordSetupTokens(JdbcClient jdbc, Clock clock, PasswordSetupProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * A new token for the customer, voiding older ones; runs inside the transaction that also writes the e-mail.
     *
     * @param email the address the link is mailed to; only its hash is kept
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public IssuedToken issue(String customerNumber, Purpose purpose, String email) {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // PostgreSQL keeps microseconds (rounding, not truncating): truncate first so the stored expiry is exact.
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var expires = now.plus(properties.tokenValidity());
        jdbc.sql("""
                        update password_setup_tokens set voided_at = ?
                         where customer_number = ? and used_at is null and voided_at is null""").params(Timestamp.from(now), customerNumber).update();
        jdbc.sql("""
                        insert into password_setup_tokens
                               (token_hash, customer_number, created_at, expires_at, purpose, email_hash)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        sha256(token),
                        customerNumber,
                        Timestamp.from(now),
                        Timestamp.from(expires),
                        purpose.name(),
                        emailHash(email))
                .update();
        return new IssuedToken(token, now);
    }

    /** The raw token (only ever in the e-mail) and when it was made. */
    public record IssuedToken(String token, Instant createdAt) {
        @Override
        public String toString() {
            return "IssuedToken[token=***, createdAt=" + createdAt + "]";
        }
    }

    public TokenState check(String token) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            return TokenState.of(Status.UNKNOWN);
        }
        var now = clock.instant();
        return jdbc.sql("""
                        select customer_number, expires_at, used_at, voided_at, purpose, email_hash
                          from password_setup_tokens where token_hash = ?""")
                .param(sha256(token))
                .query((rs, row) -> {
                    if (rs.getTimestamp("used_at") != null || rs.getTimestamp("voided_at") != null) {
                        // A voided token was replaced by a newer link: to the customer it is as spent as a used one.
                        return TokenState.of(Status.USED);
                    }
                    if (!now.isBefore(rs.getTimestamp("expires_at").toInstant())) {
                        return TokenState.of(Status.EXPIRED);
                    }
                    return new TokenState(
                            Status.VALID,
                            rs.getString("customer_number"),
                            Purpose.valueOf(rs.getString("purpose")),
                            rs.getBytes("email_hash"));
                })
                .optional()
                .orElse(TokenState.of(Status.UNKNOWN));
    }

    /** Uses the token up if it is still usable (atomically: two tabs cannot both use it); the customer number. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> consume(String token) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        var now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        update password_setup_tokens set used_at = ?
                         where token_hash = ? and used_at is null and voided_at is null and expires_at > ?
                        returning customer_number""").params(now, sha256(token), now).query(String.class).optional();
    }

    /**
     * Voids every unused link of the customer (customer service changed the address, or cancelled a pending
     * registration); answers how many.
     */
    @Transactional
    public int voidAll(String customerNumber) {
        return jdbc.sql("""
                        update password_setup_tokens set voided_at = ?
                         where customer_number = ? and used_at is null and voided_at is null""")
                .params(Timestamp.from(clock.instant()), customerNumber)
                .update();
    }

    /** Whether the link was mailed to this address (any case). */
    public static boolean sentTo(TokenState state, String email) {
        return email != null && state.emailHash() != null && MessageDigest.isEqual(state.emailHash(), emailHash(email));
    }

    static byte[] emailHash(String email) {
        return sha256(email.toLowerCase(java.util.Locale.ROOT));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
