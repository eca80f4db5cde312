package se.teknikivast.minasidor.auth.server;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Signing-key rotation (see README "Key rotation").
 *
 * @param rotationInterval how long a key signs before a successor takes over
 * @param publishAhead how long a new key sits in the JWKS before it signs, so every resource server's cached JWKS
 *     knows it before the first token arrives
 * @param retainAfterRetirement how long a retired key stays in the JWKS: at least the longest token lifetime it
 *     signed (access 5 min, ID token 30 min)
 * @param refreshInterval how often an instance re-reads the key table
 * @param encryptionKey the AES-256 key that encrypts private keys at rest, {@code <id>:<base64 of 32 bytes>};
 *     required (a private key in plain text in the database would sign tokens for whoever reads a backup)
 * @param previousEncryptionKeys older keys, for reading until every row is re-encrypted with the current one
 */
@Validated
@ConfigurationProperties("minasidor.signing-keys")
public record SigningKeyProperties(
        @NotNull Duration rotationInterval,
        @NotNull Duration publishAhead,
        @NotNull Duration retainAfterRetirement,
        @NotNull Duration refreshInterval,
        @NotBlank String encryptionKey,
        List<String> previousEncryptionKeys) {

    public SigningKeyProperties {
        previousEncryptionKeys = previousEncryptionKeys == null ? List.of() : List.copyOf(previousEncryptionKeys);
    }
}
