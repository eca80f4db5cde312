package se.teknikivast.minasidor.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/** Private signing keys encrypted at rest in a real PostgreSQL: upgrade of plain rows, key rotation, wrong keys. */
class SigningKeyEncryptionIntegrationTests {

    static final String KEY_A = "a:" + randomKey();
    static final String KEY_B = "b:" + randomKey();

    JdbcClient jdbc;
    TransactionTemplate transactions;

    static String randomKey() {
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @BeforeEach
    void freshDatabase() {
        var postgres = TestInfrastructure.postgres();
        var url = postgres.createDatabase(TestInfrastructure.uniqueName("keys"));
        var dataSource = new DriverManagerDataSource(url, postgres.username(), postgres.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    SigningKeys keys(String current, String... previous) {
        var properties = new SigningKeyProperties(
                Duration.ofDays(30),
                Duration.ofMinutes(10),
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                current,
                List.of(previous));
        return new SigningKeys(jdbc, transactions, properties, Clock.systemUTC());
    }

    List<byte[]> storedPrivateKeys() {
        return jdbc.sql("select private_key from signing_keys")
                .query(byte[].class)
                .list();
    }

    @Test
    void aKeyStoredInPlainTextIsEncryptedAtTheNextStartAndStillSigns() throws Exception {
        // A row from before the key was required: the PKCS#8 bytes as they are.
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        var now = Timestamp.from(Instant.now().minus(Duration.ofMinutes(20)));
        jdbc.sql("""
                        insert into signing_keys (kid, algorithm, private_key, public_key, created_at, signs_from)
                        values ('plain', 'ES256', ?, ?, ?, ?)""")
                .params(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded(), now, now)
                .update();

        var encrypted = keys(KEY_A).signingKey();
        assertThat(encrypted.getKeyID()).isEqualTo("plain");
        assertThat(encrypted.toECPrivateKey().getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
        var stored = storedPrivateKeys().getFirst();
        assertThat(new String(stored, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("MSK1");
        assertThat(indexOf(stored, pair.getPrivate().getEncoded())).isNegative();
    }

    @Test
    void neverRunsWithoutAnEncryptionKey() {
        assertThatThrownBy(() -> keys(null)).hasMessageContaining("encryption key is required");
        assertThatThrownBy(() -> keys(" ")).hasMessageContaining("MINASIDOR_SIGNING_KEYS_ENCRYPTION_KEY");
        assertThat(jdbc.sql("select count(*) from signing_keys")
                        .query(Long.class)
                        .single())
                .as("keys written")
                .isZero();
    }

    @Test
    void rotatingTheKeyEncryptionKeyReEncryptsWithTheNewOne() throws Exception {
        var first = keys(KEY_A).signingKey();
        assertThat(SigningKeyEncryption.keyIdOf(storedPrivateKeys().getFirst())).isEqualTo("a");

        // Step 1 of a rotation: the new key current, the old one still readable.
        var rotated = keys(KEY_B, KEY_A).signingKey();
        assertThat(rotated.toECPrivateKey().getS())
                .isEqualTo(first.toECPrivateKey().getS());
        assertThat(SigningKeyEncryption.keyIdOf(storedPrivateKeys().getFirst())).isEqualTo("b");

        // Step 2: the old key removed from configuration; everything reads with the new one alone.
        assertThat(keys(KEY_B).signingKey().getKeyID()).isEqualTo(first.getKeyID());
        assertThatThrownBy(() -> keys(KEY_A)).hasMessageContaining("'b'");
    }

    @Test
    void aBlobMovedToAnotherKeyRowDoesNotDecrypt() {
        var keys = keys(KEY_A);
        keys.rotate();
        var rows = jdbc.sql("select kid, private_key from signing_keys order by signs_from")
                .query((rs, row) -> new Object[] {rs.getString(1), rs.getBytes(2)})
                .list();
        assertThat(rows).hasSize(2);
        jdbc.sql("update signing_keys set private_key = ? where kid = ?")
                .params(rows.get(0)[1], rows.get(1)[0])
                .update();
        assertThatThrownBy(() -> keys(KEY_A)).hasMessageContaining("does not decrypt");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
