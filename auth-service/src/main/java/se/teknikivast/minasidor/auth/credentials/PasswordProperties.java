package se.teknikivast.minasidor.auth.credentials;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Password hashing and brute-force settings; defaults from docs/security.md. */
@Validated
@ConfigurationProperties("minasidor.passwords")
public record PasswordProperties(
        @Valid @NotNull Argon2 argon2, @Valid @NotNull Lockout lockout) {

    /**
     * Argon2id cost. Raising any value re-hashes a customer's password at their next successful login.
     *
     * @param nativeLibrary the reference C library to hash with ({@code libargon2.so.1}, Debian {@code libargon2-1});
     *     {@code none} uses BouncyCastle. When it cannot be loaded the service falls back to BouncyCastle with a warning.
     */
    public record Argon2(
            @Min(19456) int memoryKib,
            @Min(2) int iterations,
            @Min(1) int parallelism,
            String nativeLibrary) {

        public Argon2 {
            nativeLibrary = nativeLibrary == null || nativeLibrary.isBlank() ? "libargon2.so.1" : nativeLibrary.strip();
        }
    }

    /** After {@code threshold} consecutive failures the account locks for {@code firstLock}, doubling up to {@code maxLock}. */
    public record Lockout(
            @Min(1) int threshold,
            @NotNull Duration firstLock,
            @NotNull Duration maxLock) {}
}
