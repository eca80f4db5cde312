package se.teknikivast.minasidor.auth.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Function;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Hash;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Type;
import se.teknikivast.minasidor.auth.credentials.argon2.BouncyCastleArgon2;
import se.teknikivast.minasidor.auth.credentials.argon2.NativeArgon2;

/**
 * Both Argon2 implementations against published vectors, against each other and against Spring Security's encoder
 * (the format of every hash stored so far). The native library must be installed (Debian {@code libargon2-1}).
 */
class PasswordHasherTests {

    static final PasswordProperties.Argon2 DEFAULTS = new PasswordProperties.Argon2(19456, 2, 1, null);
    static final PasswordProperties.Argon2 BOUNCY_CASTLE = new PasswordProperties.Argon2(19456, 2, 1, "none");

    static final List<Argon2Function> BOTH = List.of(NativeArgon2.load("libargon2.so.1"), new BouncyCastleArgon2());

    /** The reference implementation's Argon2id outputs (phc-winner-argon2, as its test suite and other ports list them). */
    @ParameterizedTest(name = "{0} m={3} t={4} p={5}")
    @CsvSource(delimiter = '|', textBlock = """
            password | somesalt | argon2id | 65536  | 2 | 1 | CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc
            password | somesalt | argon2id | 262144 | 2 | 1 | eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow
            """)
    void referenceVectorsThroughBothImplementations(
            String password, String salt, String type, int m, int t, int p, String expected) {
        for (var function : BOTH) {
            var tag = function.hash(
                    Argon2Type.ARGON2ID,
                    Argon2Hash.VERSION_13,
                    m,
                    t,
                    p,
                    password.getBytes(StandardCharsets.UTF_8),
                    salt.getBytes(StandardCharsets.UTF_8),
                    32);
            assertThat(Base64.getEncoder().withoutPadding().encodeToString(tag))
                    .as(function.name())
                    .isEqualTo(expected);
        }
    }

    /** RFC 9106 section 5.3 uses a secret and associated data, which only BouncyCastle's interface takes. */
    @Test
    void rfc9106Argon2idVectorThroughBouncyCastle() {
        var parameters = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                        org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(32)
                .withIterations(3)
                .withParallelism(4)
                .withSalt(filled(16, 0x02))
                .withSecret(filled(8, 0x03))
                .withAdditional(filled(12, 0x04))
                .build();
        var generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        generator.init(parameters);
        var tag = new byte[32];
        generator.generateBytes(filled(32, 0x01), tag);
        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    static byte[] filled(int length, int value) {
        var bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void theNativeLibraryIsPreferredWhenItLoads() {
        assertThat(new PasswordHasher(DEFAULTS).implementation()).isEqualTo("libargon2");
        assertThat(new PasswordHasher(BOUNCY_CASTLE).implementation()).isEqualTo("bouncycastle");
    }

    @Test
    void hashedWithOneVerifiedWithTheOther() {
        var native_ = new PasswordHasher(DEFAULTS);
        var java = new PasswordHasher(BOUNCY_CASTLE);
        var password = "elljus-över-vänern-2026 ✓";

        var byNative = native_.hash(password);
        var byJava = java.hash(password);
        assertThat(byNative).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(byJava);
        assertThat(java.matches(password, byNative)).isTrue();
        assertThat(native_.matches(password, byJava)).isTrue();
        assertThat(native_.matches(password + "x", byJava)).isFalse();
        assertThat(java.matches(password + "x", byNative)).isFalse();
    }

    @Test
    void hashesWrittenBySpringSecuritysEncoderVerifyAndOursVerifyThere() {
        var spring = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
        var hasher = new PasswordHasher(DEFAULTS);
        var password = "kraftledning-i-vast-2026";

        var stored = spring.encode(password);
        assertThat(hasher.matches(password, stored)).isTrue();
        assertThat(hasher.matches("kraftledning-i-vast-2027", stored)).isFalse();
        assertThat(hasher.needsUpgrade(stored)).isFalse();
        assertThat(spring.matches(password, hasher.hash(password))).isTrue();
    }

    @Test
    void weakerOrOtherHashesAreUpgradedAndStillVerify() {
        var hasher = new PasswordHasher(DEFAULTS);
        var cheaper = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode("ett-gammalt-losenord");
        assertThat(hasher.matches("ett-gammalt-losenord", cheaper)).isTrue();
        assertThat(hasher.needsUpgrade(cheaper)).isTrue();
        // argon2i and version 16 go through BouncyCastle even when the native library is in use.
        var argon2i = "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA";
        assertThat(hasher.matches("password", argon2i)).isTrue();
        assertThat(hasher.needsUpgrade(argon2i)).isTrue();
        assertThat(hasher.needsUpgrade(hasher.hash("ett-nytt-losenord-for-oss")))
                .isFalse();
    }

    @Test
    void asSpringSecuritysEncoderItVerifiesChosenClientSecretsAndUpgradesWeakerOnes() {
        var encoder = new PasswordHasher(DEFAULTS).asPasswordEncoder();
        var stored = encoder.encode("ett-valt-klienthemligt");

        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(encoder.matches("ett-valt-klienthemligt", stored)).isTrue();
        assertThat(encoder.matches("ett-annat-klienthemligt", stored)).isFalse();
        assertThat(encoder.matches(null, stored)).isFalse();
        assertThat(encoder.upgradeEncoding(stored)).isFalse();
        // What the client secret encoder accepted before it used this hasher: Spring Security's cheaper defaults.
        var before = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("ett-valt-klienthemligt");
        assertThat(encoder.matches("ett-valt-klienthemligt", before)).isTrue();
        assertThat(encoder.upgradeEncoding(before)).isTrue();
    }

    @Test
    void malformedHashesAreNoMatchNotAnError() {
        var hasher = new PasswordHasher(DEFAULTS);
        for (var broken : List.of(
                "",
                "plain text",
                "{noop}password",
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ",
                "$argon2id$v=19$m=19456,t=2,p=1$!!!$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=99$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=4,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")) {
            assertThat(hasher.matches("password", broken)).as(broken).isFalse();
        }
    }

    @Test
    void phcStringsRoundTrip() {
        var encoded = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        var hash = Argon2Hash.parse(encoded).orElseThrow();
        assertThat(hash.memoryKib()).isEqualTo(65536);
        assertThat(new String(hash.salt(), StandardCharsets.UTF_8)).isEqualTo("somesalt");
        assertThat(hash.encoded()).isEqualTo(encoded);
        assertThat(hash.toString()).doesNotContain("CTFh").doesNotContain("c29t");
    }

    @Test
    void aMissingLibraryFallsBackToBouncyCastleWithOneWarning() {
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(PasswordHasher.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            var hasher = new PasswordHasher(new PasswordProperties.Argon2(19456, 2, 1, "libno-such-argon2.so.9"));
            assertThat(hasher.implementation()).isEqualTo("bouncycastle");
            var hash = hasher.hash("reservlosenordet-fungerar");
            assertThat(hasher.matches("reservlosenordet-fungerar", hash)).isTrue();
            assertThat(new PasswordHasher(DEFAULTS).matches("reservlosenordet-fungerar", hash))
                    .isTrue();
        } finally {
            logger.detachAppender(appender);
        }
        var warnings = appender.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst()).contains("libno-such-argon2.so.9").contains("BouncyCastle");
    }

    @Test
    void theBindingRefusesWhatItCannotCompute() {
        var native_ = NativeArgon2.load("libargon2.so.1");
        assertThatThrownBy(() -> native_.hash(
                        Argon2Type.ARGON2I, Argon2Hash.VERSION_13, 64, 2, 1, new byte[8], new byte[16], 32))
                .isInstanceOf(IllegalArgumentException.class);
        // Too little memory for the lanes: the library's own error code, as an exception.
        assertThatThrownBy(() -> native_.hash(
                        Argon2Type.ARGON2ID, Argon2Hash.VERSION_13, 1, 2, 1, new byte[8], new byte[16], 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("code");
        assertThatThrownBy(() -> NativeArgon2.load("libno-such-argon2.so.9"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
