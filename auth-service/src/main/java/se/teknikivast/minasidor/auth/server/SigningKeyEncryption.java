package se.teknikivast.minasidor.auth.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the signing keys' private parts at rest (AES-256-GCM, the key id as associated data so a blob cannot be
 * moved to another row). A stored value is {@code "MSK1" | id length | key-encryption-key id | 12-byte IV |
 * ciphertext+tag}; a value without the prefix is a PKCS#8 key from before encryption was configured (DER starts with
 * {@code 0x30}, never with {@code 'M'}) and is read as it is, then re-encrypted by {@link SigningKeys}.
 *
 * <p>Key-encryption keys come from configuration as {@code <id>:<base64 of 32 bytes>}: one current (encrypts, and
 * decrypts its own blobs) and any number of previous ones (decrypt only), which is how they rotate (README "Key
 * rotation").
 */
final class SigningKeyEncryption {

    private static final byte[] MAGIC = "MSK1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    private SigningKeyEncryption(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /** The current key is required; the previous ones only decrypt. */
    static SigningKeyEncryption from(String current, List<String> previous) {
        if (current == null || current.isBlank()) {
            throw new IllegalArgumentException("A signing-key encryption key is required"
                    + " (minasidor.signing-keys.encryption-key, MINASIDOR_SIGNING_KEYS_ENCRYPTION_KEY)");
        }
        var keys = new LinkedHashMap<String, SecretKey>();
        var currentKey = parse(current);
        keys.put(currentKey.getKey(), currentKey.getValue());
        if (previous != null) {
            for (var each : previous) {
                if (each != null && !each.isBlank()) {
                    var key = parse(each);
                    keys.putIfAbsent(key.getKey(), key.getValue());
                }
            }
        }
        return new SigningKeyEncryption(currentKey.getKey(), Map.copyOf(keys));
    }

    private static Map.Entry<String, SecretKey> parse(String configured) {
        var colon = configured.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("A signing-key encryption key is written <id>:<base64 of 32 bytes>");
        }
        var id = configured.substring(0, colon).strip();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configured.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Signing-key encryption key " + id + " is not Base64");
        }
        if (bytes.length != 32 || id.length() > 64) {
            throw new IllegalArgumentException("Signing-key encryption key " + id + " must be 32 bytes (AES-256)");
        }
        return Map.entry(id, new SecretKeySpec(bytes, "AES"));
    }

    String currentId() {
        return currentId;
    }

    static boolean isEncrypted(byte[] stored) {
        return stored.length > MAGIC.length && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The id of the key a stored value is encrypted with, or null for an unencrypted value. */
    static String keyIdOf(byte[] stored) {
        if (!isEncrypted(stored)) {
            return null;
        }
        int length = stored[MAGIC.length] & 0xff;
        return new String(stored, MAGIC.length + 1, length, StandardCharsets.UTF_8);
    }

    byte[] encrypt(String kid, byte[] privateKey) {
        var id = currentId.getBytes(StandardCharsets.UTF_8);
        var iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            var sealed = cipher.doFinal(privateKey);
            return ByteBuffer.allocate(MAGIC.length + 1 + id.length + IV_BYTES + sealed.length)
                    .put(MAGIC)
                    .put((byte) id.length)
                    .put(id)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt signing key " + kid, e);
        }
    }

    /** The PKCS#8 bytes of a stored value (encrypted or not). */
    byte[] decrypt(String kid, byte[] stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        var id = keyIdOf(stored);
        var key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("Signing key " + kid + " is encrypted with key-encryption key '" + id
                    + "', which is not configured (minasidor.signing-keys.encryption-key / previous-encryption-keys)");
        }
        int offset = MAGIC.length + 1 + (stored[MAGIC.length] & 0xff);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, offset, IV_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, offset + IV_BYTES, stored.length - offset - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Signing key " + kid + " does not decrypt with key-encryption key " + id, e);
        }
    }
}
