package se.teknikivast.minasidor.auth.credentials.argon2;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Argon2id from the reference C library ({@code libargon2.so.1}, Debian package {@code libargon2-1}) through the
 * Foreign Function &amp; Memory API. Its cost is stable from the first call (no JIT warm-up, no bimodal inlining) and
 * about half of BouncyCastle's on this machine. Only Argon2id version 1.3, the variant this service writes, goes
 * through it; {@code argon2id_hash_raw} is
 *
 * <pre>
 * int argon2id_hash_raw(uint32_t t_cost, uint32_t m_cost, uint32_t parallelism, const void *pwd, size_t pwdlen,
 *                       const void *salt, size_t saltlen, void *hash, size_t hashlen);
 * </pre>
 *
 * <p>The JVM needs {@code --enable-native-access=ALL-UNNAMED} to call it without a warning.
 */
public final class NativeArgon2 implements Argon2Function {

    private static final int ARGON2_OK = 0;

    private final MethodHandle hashRaw;
    private final String library;

    private NativeArgon2(MethodHandle hashRaw, String library) {
        this.hashRaw = hashRaw;
        this.library = library;
    }

    /**
     * Loads the library by its file name (searched like {@code dlopen} does) or path.
     *
     * @throws IllegalArgumentException when it cannot be loaded or lacks {@code argon2id_hash_raw}
     */
    public static NativeArgon2 load(String library) {
        // The global arena: the library stays loaded for the life of the JVM, like the service's use of it.
        var symbols = SymbolLookup.libraryLookup(library, Arena.global());
        var function = symbols.find("argon2id_hash_raw")
                .orElseThrow(() -> new IllegalArgumentException(library + " has no argon2id_hash_raw"));
        var handle = Linker.nativeLinker()
                .downcallHandle(
                        function,
                        FunctionDescriptor.of(
                                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS,
                                JAVA_LONG));
        return new NativeArgon2(handle, library);
    }

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
        if (!supports(type, version)) {
            throw new IllegalArgumentException("libargon2 binding computes Argon2id v=19 only");
        }
        try (var arena = Arena.ofConfined()) {
            // At least one byte each: an empty password is legal and must still be a valid pointer.
            var pwd = arena.allocate(Math.max(1, password.length));
            MemorySegment.copy(password, 0, pwd, JAVA_BYTE, 0, password.length);
            var saltSegment = arena.allocate(Math.max(1, salt.length));
            MemorySegment.copy(salt, 0, saltSegment, JAVA_BYTE, 0, salt.length);
            var out = arena.allocate(length);
            try {
                int result = (int) hashRaw.invokeExact(
                        iterations,
                        memoryKib,
                        parallelism,
                        pwd,
                        (long) password.length,
                        saltSegment,
                        (long) salt.length,
                        out,
                        (long) length);
                if (result != ARGON2_OK) {
                    throw new IllegalArgumentException("argon2id_hash_raw failed with code " + result);
                }
                return out.toArray(JAVA_BYTE);
            } finally {
                // The password's copy outside the heap does not wait for the arena's memory to be reused.
                pwd.fill((byte) 0);
                out.fill((byte) 0);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("argon2id_hash_raw", e);
        }
    }

    @Override
    public boolean supports(Argon2Type type, int version) {
        return type == Argon2Type.ARGON2ID && version == Argon2Hash.VERSION_13;
    }

    @Override
    public String name() {
        return "libargon2";
    }

    /** The library as configured, for the start-up log line. */
    public String library() {
        return library;
    }
}
