package se.teknikivast.minasidor.auth.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The token signing keys, kept in PostgreSQL so every instance signs with the same key and a restart changes
 * nothing. ES256 (P-256): signing costs a fraction of RSA-2048's, which matters at hundreds of grants a second.
 *
 * <p>Rotation is automatic and needs no coordination beyond a PostgreSQL advisory lock: when the signing key is
 * older than the rotation interval, one instance inserts a successor that is published at once but signs only after
 * {@code publishAhead}; the old key then retires and stays in the JWKS for {@code retainAfterRetirement}.
 */
@Component
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x6d696e61L; // "mina": any constant shared by all instances

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SigningKeyProperties properties;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();

    private final SigningKeyEncryption encryption;
    private volatile Snapshot snapshot;

    record StoredKey(String kid, ECKey jwk, Instant signsFrom, Instant retiredAt) {}

    record Snapshot(ECKey signingKey, JWKSet publishedKeys, Instant readAt) {}

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, SigningKeyProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.encryption = SigningKeyEncryption.from(properties.encryptionKey(), properties.previousEncryptionKeys());
        this.snapshot = load();
    }

    /** The key that signs now (with its private part). */
    public ECKey signingKey() {
        return current().signingKey();
    }

    /** Every public key a valid token may carry: the signing key, its announced successor, recently retired keys. */
    public JWKSet publishedKeys() {
        return current().publishedKeys();
    }

    /** Starts a rotation now (an emergency rotation after a leak, or tests); the successor signs after publish-ahead. */
    public void rotate() {
        transactions.executeWithoutResult(status -> {
            lockRotation();
            insertSuccessor(clock.instant().plus(properties.publishAhead()));
        });
        this.snapshot = load();
    }

    private Snapshot current() {
        var seen = snapshot;
        if (seen.readAt().plus(properties.refreshInterval()).isAfter(clock.instant())) {
            return seen;
        }
        if (refreshing.tryLock()) {
            try {
                snapshot = load();
            } catch (RuntimeException e) {
                // Keep signing with the known key if PostgreSQL is briefly away; the next call retries.
                log.warn("Could not refresh signing keys: {}", e.toString());
            } finally {
                refreshing.unlock();
            }
        }
        return snapshot;
    }

    private Snapshot load() {
        // PostgreSQL keeps microseconds: compare in the precision that was stored.
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var keys = readKeys();
        if (needsNewSigningKey(keys, now)) {
            transactions.executeWithoutResult(status -> {
                lockRotation();
                var fresh = readKeys();
                if (!needsNewSigningKey(fresh, now)) {
                    return;
                }
                boolean first = fresh.stream().noneMatch(k -> k.retiredAt() == null);
                // The very first key signs at once: there is no older key whose tokens must stay valid meanwhile.
                insertSuccessor(first ? now : now.plus(properties.publishAhead()));
            });
            keys = readKeys();
        }
        reencrypt();
        jdbc.sql("delete from signing_keys where retired_at < ?")
                .param(Timestamp.from(now.minus(properties.retainAfterRetirement())))
                .update();

        ECKey signing = null;
        var published = new ArrayList<JWK>();
        for (var key : keys) {
            boolean signsNow = !key.signsFrom().isAfter(now)
                    && (key.retiredAt() == null || key.retiredAt().isAfter(now));
            if (signsNow && (signing == null || key.signsFrom().isAfter(signingSignsFrom(keys, signing)))) {
                signing = key.jwk();
            }
            if (key.retiredAt() == null
                    || key.retiredAt().plus(properties.retainAfterRetirement()).isAfter(now)) {
                published.add(key.jwk().toPublicJWK());
            }
        }
        if (signing == null) {
            throw new IllegalStateException("No signing key is active; check the signing_keys table");
        }
        return new Snapshot(signing, new JWKSet(published), now);
    }

    private static Instant signingSignsFrom(List<StoredKey> keys, ECKey jwk) {
        return keys.stream()
                .filter(k -> k.kid().equals(jwk.getKeyID()))
                .findFirst()
                .orElseThrow()
                .signsFrom();
    }

    /** A new key is due when none is active or will be, or the newest one is older than the rotation interval. */
    private boolean needsNewSigningKey(List<StoredKey> keys, Instant now) {
        var live = keys.stream().filter(k -> k.retiredAt() == null).toList();
        if (live.isEmpty()) {
            return true;
        }
        var newest =
                live.stream().map(StoredKey::signsFrom).max(Instant::compareTo).orElseThrow();
        return !newest.plus(properties.rotationInterval()).isAfter(now);
    }

    /**
     * Encrypts rows stored before encryption was configured, or under a previous key, with the current key; the
     * update is conditional on the old value, so instances doing it at once do not clash.
     */
    private void reencrypt() {
        var stale = jdbc
                .sql("select kid, private_key from signing_keys")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getBytes(2)))
                .list()
                .stream()
                .filter(row -> !encryption.currentId().equals(SigningKeyEncryption.keyIdOf(row.getValue())))
                .toList();
        for (var row : stale) {
            var kid = row.getKey();
            var sealed = encryption.encrypt(kid, encryption.decrypt(kid, row.getValue()));
            jdbc.sql("update signing_keys set private_key = ? where kid = ? and private_key = ?")
                    .params(sealed, kid, row.getValue())
                    .update();
            log.info("Signing key {} re-encrypted with key-encryption key {}", kid, encryption.currentId());
        }
    }

    private void lockRotation() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(ROTATION_LOCK).query().singleValue();
    }

    private void insertSuccessor(Instant signsFrom) {
        signsFrom = signsFrom.truncatedTo(ChronoUnit.MICROS);
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("update signing_keys set retired_at = ? where retired_at is null")
                .param(Timestamp.from(signsFrom))
                .update();
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = generator.generateKeyPair();
            var kid = UUID.randomUUID().toString();
            jdbc.sql("""
                            insert into signing_keys (kid, algorithm, private_key, public_key, created_at, signs_from)
                            values (?, 'ES256', ?, ?, ?, ?)""")
                    .params(
                            kid,
                            encryption.encrypt(kid, pair.getPrivate().getEncoded()),
                            pair.getPublic().getEncoded(),
                            Timestamp.from(now),
                            Timestamp.from(signsFrom))
                    .update();
            log.info("Created signing key {} (signs from {})", kid, signsFrom);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create an EC P-256 key", e);
        }
    }

    private List<StoredKey> readKeys() {
        return jdbc.sql(
                        "select kid, private_key, public_key, signs_from, retired_at from signing_keys order by signs_from")
                .query((rs, row) -> {
                    var kid = rs.getString(1);
                    var retired = rs.getTimestamp(5);
                    return new StoredKey(
                            kid,
                            toJwk(kid, encryption.decrypt(kid, rs.getBytes(2)), rs.getBytes(3)),
                            rs.getTimestamp(4).toInstant(),
                            retired == null ? null : retired.toInstant());
                })
                .list();
    }

    private static ECKey toJwk(String kid, byte[] privateKey, byte[] publicKey) {
        try {
            var factory = KeyFactory.getInstance("EC");
            var pub = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(publicKey));
            var priv = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey));
            return new ECKey.Builder(Curve.P_256, pub)
                    .privateKey(priv)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing key " + kid + " is unreadable", e);
        }
    }
}
