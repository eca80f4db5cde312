package se.teknikivast.minasidor.auth.credentials.argon2;

/** One implementation of the raw Argon2 function (RFC 9106), without secret or associated data. */
public interface Argon2Function {

    /**
     * The tag of {@code length} bytes for the password bytes and salt with the given variant, version and cost.
     *
     * @throws IllegalArgumentException for parameters the implementation does not support
     */
    byte[] hash(
            Argon2Type type,
            int version,
            int memoryKib,
            int iterations,
            int parallelism,
            byte[] password,
            byte[] salt,
            int length);

    /** Whether this implementation computes the given variant and version. */
    boolean supports(Argon2Type type, int version);

    /** A short name for logs and the metric tag, e.g. {@code libargon2} or {@code bouncycastle}. */
    String name();
}
