package se.teknikivast.minasidor.auth.credentials;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id with the parameters written into every hash ({@code $argon2id$v=19$m=19456,t=2,p=1$…}), so a hash made
 * with older, cheaper settings is recognised and upgraded at the next successful login.
 */
@Component
public final class PasswordHasher {

    private final Argon2PasswordEncoder encoder;

    /** A hash of a random secret: verified when the customer is unknown or locked so every answer costs the same. */
    private final String dummyHash;

    PasswordHasher(PasswordProperties properties) {
        var argon2 = properties.argon2();
        this.encoder = new Argon2PasswordEncoder(16, 32, argon2.parallelism(), argon2.memoryKib(), argon2.iterations());
        var random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.dummyHash = encoder.encode(HexFormat.of().formatHex(random));
    }

    public String hash(CharSequence password) {
        return encoder.encode(password);
    }

    boolean matches(CharSequence password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the same work as a real verification and always fails. */
    void verifyAgainstDummy(CharSequence password) {
        encoder.matches(password, dummyHash);
    }

    boolean needsUpgrade(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}
