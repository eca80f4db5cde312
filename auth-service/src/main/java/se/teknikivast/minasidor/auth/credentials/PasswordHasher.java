package se.teknikivast.minasidor.auth.credentials;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Function;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Hash;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Type;
import se.teknikivast.minasidor.auth.credentials.argon2.BouncyCastleArgon2;
import se.teknikivast.minasidor.auth.credentials.argon2.NativeArgon2;

/**
 * Argon2id with the parameters written into every hash ({@code $argon2id$v=19$m=19456,t=2,p=1$…}), so a hash made
 * with older, cheaper settings is recognised and upgraded at the next successful login.
 *
 * <p>Hashes with the reference C library ({@link NativeArgon2}) when it loads and agrees with BouncyCastle on a test
 * hash at start-up: its cost is stable, where BouncyCastle's is bimodal on HotSpot (auth-service README). Otherwise,
 * and for variants the binding does not compute, BouncyCastle. Both write and read the same PHC strings as Spring
 * Security's {@code Argon2PasswordEncoder}, so stored hashes verify whichever is in use. The one in use is logged at
 * start-up and exported as {@code minasidor_password_hashing_info{implementation=…}}.
 */
@Component
public final class PasswordHasher {

    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final PasswordProperties.Argon2 cost;
    private final Argon2Function fallback = new BouncyCastleArgon2();
    private final Argon2Function preferred;
    private final SecureRandom random = new SecureRandom();

    /** A hash of a random secret: verified when the customer is unknown or locked so every answer costs the same. */
    private final String dummyHash;

    @Autowired
    PasswordHasher(PasswordProperties properties, ObjectProvider<MeterRegistry> meters) {
        this(properties.argon2());
        meters.ifAvailable(registry -> Gauge.builder("minasidor.password.hashing.info", () -> 1)
                .description("The Argon2 implementation that hashes passwords (libargon2 or bouncycastle)")
                .tag("implementation", implementation())
                .register(registry));
    }

    PasswordHasher(PasswordProperties.Argon2 cost) {
        this.cost = cost;
        this.preferred = choose(cost.nativeLibrary(), fallback);
        var secret = new byte[32];
        random.nextBytes(secret);
        this.dummyHash = hash(HexFormat.of().formatHex(secret));
    }

    private static Argon2Function choose(String library, Argon2Function fallback) {
        if ("none".equalsIgnoreCase(library)) {
            log.info("Password hashing: Argon2id with BouncyCastle (native library switched off)");
            return fallback;
        }
        try {
            var loaded = NativeArgon2.load(library);
            // A wrong binding must never write hashes nobody can verify: compare with BouncyCastle on a cheap hash.
            var salt = "mina-sidor-check".getBytes(StandardCharsets.US_ASCII);
            var password = "självtest".getBytes(StandardCharsets.UTF_8);
            var expected = fallback.hash(Argon2Type.ARGON2ID, Argon2Hash.VERSION_13, 64, 2, 2, password, salt, 32);
            var actual = loaded.hash(Argon2Type.ARGON2ID, Argon2Hash.VERSION_13, 64, 2, 2, password, salt, 32);
            if (!Arrays.equals(expected, actual)) {
                log.warn(
                        "Password hashing: {} disagrees with BouncyCastle on a test hash; using BouncyCastle", library);
                return fallback;
            }
            log.info("Password hashing: Argon2id with the reference C library {} (FFM)", library);
            return loaded;
        } catch (RuntimeException | LinkageError e) {
            log.warn(
                    "Password hashing: cannot load the native Argon2 library {} ({}); falling back to BouncyCastle, whose"
                            + " cost per hash is higher and unstable. Install libargon2-1 and run the JVM with"
                            + " --enable-native-access=ALL-UNNAMED",
                    library,
                    e.getClass().getSimpleName());
            return fallback;
        }
    }

    /** {@code libargon2} or {@code bouncycastle}: what new hashes and verifications of Argon2id v=19 run on. */
    public String implementation() {
        return preferred.name();
    }

    public String hash(CharSequence password) {
        var salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        var bytes = utf8(password);
        try {
            var hash = compute(
                    Argon2Type.ARGON2ID,
                    Argon2Hash.VERSION_13,
                    cost.memoryKib(),
                    cost.iterations(),
                    cost.parallelism(),
                    bytes,
                    salt,
                    HASH_BYTES);
            return new Argon2Hash(
                            Argon2Type.ARGON2ID,
                            Argon2Hash.VERSION_13,
                            cost.memoryKib(),
                            cost.iterations(),
                            cost.parallelism(),
                            salt,
                            hash)
                    .encoded();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    public boolean matches(CharSequence password, String encoded) {
        var parsed = Argon2Hash.parse(encoded);
        if (parsed.isEmpty()) {
            return false;
        }
        var stored = parsed.get();
        var expected = stored.hash();
        var bytes = utf8(password);
        try {
            var actual = compute(
                    stored.type(),
                    stored.version(),
                    stored.memoryKib(),
                    stored.iterations(),
                    stored.parallelism(),
                    bytes,
                    stored.salt(),
                    expected.length);
            // Constant time: how much of the hash matched must not show in the answer's timing.
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Spends the same work as a real verification and always fails. */
    void verifyAgainstDummy(CharSequence password) {
        matches(password, dummyHash);
    }

    /** True when the hash is weaker than today's settings (or no Argon2id v=19 at all) and should be re-hashed. */
    boolean needsUpgrade(String encoded) {
        return Argon2Hash.parse(encoded)
                .map(hash -> hash.type() != Argon2Type.ARGON2ID
                        || hash.version() != Argon2Hash.VERSION_13
                        || hash.memoryKib() < cost.memoryKib()
                        || hash.iterations() < cost.iterations()
                        || hash.parallelism() < cost.parallelism()
                        || hash.salt().length < SALT_BYTES
                        || hash.hash().length < HASH_BYTES)
                .orElse(true);
    }

    /**
     * This hasher as a Spring Security {@link PasswordEncoder}, for secrets that Spring Security verifies (a client
     * secret a person chose, stored as {@code {argon2}…}): the same Argon2id, implementation and parameters as customer
     * passwords, and {@code upgradeEncoding} is {@link #needsUpgrade}. Not a bean, so it never becomes the
     * application's default encoder by accident.
     */
    public PasswordEncoder asPasswordEncoder() {
        return new Encoder(this);
    }

    private record Encoder(PasswordHasher hasher) implements PasswordEncoder {

        @Override
        public String encode(CharSequence rawPassword) {
            return hasher.hash(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            return rawPassword != null && encodedPassword != null && hasher.matches(rawPassword, encodedPassword);
        }

        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return encodedPassword != null && hasher.needsUpgrade(encodedPassword);
        }
    }

    private byte[] compute(
            Argon2Type type,
            int version,
            int memoryKib,
            int iterations,
            int parallelism,
            byte[] password,
            byte[] salt,
            int length) {
        var function = preferred.supports(type, version) ? preferred : fallback;
        return function.hash(type, version, memoryKib, iterations, parallelism, password, salt, length);
    }

    private static byte[] utf8(CharSequence password) {
        var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        var bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
