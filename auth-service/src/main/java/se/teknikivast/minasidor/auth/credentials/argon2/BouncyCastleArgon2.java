package se.teknikivast.minasidor.auth.credentials.argon2;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * BouncyCastle's pure-Java Argon2 (what Spring Security's {@code Argon2PasswordEncoder} uses). Always available; its
 * cost on HotSpot is bimodal (auth-service README), so it is the fallback when the reference C library is missing.
 */
public final class BouncyCastleArgon2 implements Argon2Function {

    @Override
    public byte[] hash(
            Argon2Type type,
            int version,
            int memoryKib,
            int iterations,
            int parallelism,
            byte[] password,
            byte[] salt,
            int length) {
        var parameters = new Argon2Parameters.Builder(type.number())
                .withVersion(version)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        var out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    @Override
    public boolean supports(Argon2Type type, int version) {
        return true;
    }

    @Override
    public String name() {
        return "bouncycastle";
    }
}
