package se.teknikivast.minasidor.auth.credentials.argon2;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Argon2 hash in the PHC string format that Spring Security's {@code Argon2PasswordEncoder}, the reference C library
 * and this service all write: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in standard Base64
 * without padding. A missing {@code v=} means version 16 (0x10), as in the reference implementation.
 */
public record Argon2Hash(
        Argon2Type type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

    /** Argon2 version 1.3, written {@code v=19}; the only one this service writes. */
    public static final int VERSION_13 = 0x13;

    /** Argon2 version 1.0, older hashes without {@code v=}. */
    public static final int VERSION_10 = 0x10;

    private static final Pattern PHC = Pattern.compile(
            "\\$(argon2id|argon2i|argon2d)(?:\\$v=(\\d{1,3}))?\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})"
                    + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    public Argon2Hash {
        salt = salt.clone();
        hash = hash.clone();
    }

    /** The hash read from a PHC string, or empty when the text is no Argon2 hash this service can verify. */
    public static Optional<Argon2Hash> parse(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        var matcher = PHC.matcher(encoded);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            var type = Argon2Type.fromName(matcher.group(1));
            var version = matcher.group(2) == null ? VERSION_10 : Integer.parseInt(matcher.group(2));
            var memory = Integer.parseInt(matcher.group(3));
            var iterations = Integer.parseInt(matcher.group(4));
            var parallelism = Integer.parseInt(matcher.group(5));
            var salt = Base64.getDecoder().decode(matcher.group(6));
            var hash = Base64.getDecoder().decode(matcher.group(7));
            if ((version != VERSION_10 && version != VERSION_13)
                    || parallelism < 1
                    || memory < 8 * parallelism
                    || iterations < 1
                    || salt.length < 8
                    || hash.length < 4) {
                return Optional.empty();
            }
            return Optional.of(new Argon2Hash(type, version, memory, iterations, parallelism, salt, hash));
        } catch (IllegalArgumentException e) {
            // A number out of int range or broken Base64: not a hash we can check, never an error page.
            return Optional.empty();
        }
    }

    /** The salt (a copy). */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** The hash (a copy). */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The PHC string. */
    public String encoded() {
        var base64 = Base64.getEncoder().withoutPadding();
        return "$" + type.phcName() + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    @Override
    public String toString() {
        // Never the hash itself in a log line by accident.
        return "Argon2Hash[" + type.phcName() + ", v=" + version + ", m=" + memoryKib + ", t=" + iterations + ", p="
                + parallelism + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Argon2Hash that && encoded().equals(that.encoded());
    }

    @Override
    public int hashCode() {
        return encoded().hashCode();
    }
}
