package se.teknikivast.minasidor.bankid.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates generated for one test run, like BankID's setup: a server CA and the simulator's server certificate
 * (localhost), a client CA and the relying party's certificate, and a stranger's client certificate from another CA.
 * Written as PKCS#12 and PEM files, because that is how the adapter is configured in production.
 */
public final class TestCertificates {

    public static final String PASSWORD = "qwerty123";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final Path serverKeystore;
    public final Path serverCa;
    public final Path clientKeystore;
    public final Path clientCa;
    public final Path strangerKeystore;
    public final Instant clientNotAfter;

    private TestCertificates(Path dir, Duration clientValidity) throws Exception {
        var serverCaKeys = keyPair();
        var serverCaCert = certificate(
                "CN=Test BankID SSL Root CA v1 Test",
                serverCaKeys,
                serverCaKeys,
                null,
                true,
                null,
                Duration.ofDays(365));
        var serverKeys = keyPair();
        var serverCert = certificate(
                "CN=localhost", serverKeys, serverCaKeys, serverCaCert, false, "localhost", Duration.ofDays(365));

        var clientCaKeys = keyPair();
        var clientCaCert =
                certificate("CN=Test RP CA", clientCaKeys, clientCaKeys, null, true, null, Duration.ofDays(365));
        var clientKeys = keyPair();
        var clientCert = certificate(
                "CN=FP Testcert Mina sidor, O=Teknikivast AB",
                clientKeys,
                clientCaKeys,
                clientCaCert,
                false,
                null,
                clientValidity);

        var strangerCaKeys = keyPair();
        var strangerCaCert = certificate(
                "CN=Someone Else CA", strangerCaKeys, strangerCaKeys, null, true, null, Duration.ofDays(365));
        var strangerKeys = keyPair();
        var strangerCert = certificate(
                "CN=Stranger", strangerKeys, strangerCaKeys, strangerCaCert, false, null, Duration.ofDays(365));

        serverKeystore = pkcs12(dir.resolve("server.p12"), serverKeys, serverCert, serverCaCert);
        serverCa = pem(dir.resolve("server-ca.pem"), serverCaCert);
        clientKeystore = pkcs12(dir.resolve("client.p12"), clientKeys, clientCert, clientCaCert);
        clientCa = pem(dir.resolve("client-ca.pem"), clientCaCert);
        strangerKeystore = pkcs12(dir.resolve("stranger.p12"), strangerKeys, strangerCert, strangerCaCert);
        clientNotAfter = clientCert.getNotAfter().toInstant();
    }

    public static TestCertificates generate() {
        return generate(Duration.ofDays(365));
    }

    public static TestCertificates generate(Duration clientValidity) {
        try {
            return new TestCertificates(Files.createTempDirectory("bankid-certs"), clientValidity);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot generate test certificates", e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(
            String subject,
            KeyPair subjectKeys,
            KeyPair issuerKeys,
            X509Certificate issuer,
            boolean ca,
            String dnsName,
            Duration validity)
            throws Exception {
        var now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                issuer == null
                        ? new X500Name(subject)
                        : new X500Name(issuer.getSubjectX500Principal().getName()),
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(validity)),
                new X500Name(subject),
                subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(
                        ca
                                ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                                : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (dnsName != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dnsName), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static Path pkcs12(Path file, KeyPair keys, X509Certificate cert, X509Certificate ca) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", keys.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {cert, ca});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    private static Path pem(Path file, X509Certificate cert) {
        try {
            var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
