package se.teknikivast.minasidor.auth.credentials.argon2;

/** The three Argon2 variants with the numbers the reference library and BouncyCastle use for them. */
public enum Argon2Type {
    ARGON2D("argon2d", 0),
    ARGON2I("argon2i", 1),
    ARGON2ID("argon2id", 2);

    private final String phcName;
    private final int number;

    Argon2Type(String phcName, int number) {
        this.phcName = phcName;
        this.number = number;
    }

    public String phcName() {
        return phcName;
    }

    /** {@code Argon2_d = 0, Argon2_i = 1, Argon2_id = 2} in argon2.h; BouncyCastle uses the same numbers. */
    public int number() {
        return number;
    }

    static Argon2Type fromName(String name) {
        for (var type : values()) {
            if (type.phcName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("not an Argon2 variant");
    }
}
