package se.teknikivast.minasidor.bankid.rp;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.core.io.Resource;

/**
 * The TLS context for the RP API: our PKCS#12 relying-party certificate as the client identity, and the BankID
 * server root CA as the <em>only</em> trust anchor (not the JVM's public CAs).
 */
final class TlsMaterial {

    private final SSLContext sslContext;
    private final RpCertificate certificate;

    private TlsMaterial(SSLContext sslContext, RpCertificate certificate) {
        this.sslContext = sslContext;
        this.certificate = certificate;
    }

    static TlsMaterial load(Resource keystore, String password, Resource trustAnchor) {
        if (keystore == null || trustAnchor == null) {
            throw new IllegalStateException("The BankID RP API over https needs minasidor.bankid.rp.keystore (the"
                    + " relying-party PKCS#12) and minasidor.bankid.rp.trust-anchor (the BankID server root CA, PEM)."
                    + " For local runs start with --spring.profiles.active=simulator.");
        }
        try {
            var secret = password != null ? password.toCharArray() : new char[0];
            var keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = keystore.getInputStream()) {
                keys.load(in, secret);
            }
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, secret);

            var trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            var certificates = CertificateFactory.getInstance("X.509");
            try (InputStream in = trustAnchor.getInputStream()) {
                int i = 0;
                for (var ca : certificates.generateCertificates(in)) {
                    trusted.setCertificateEntry("bankid-ca-" + i++, ca);
                }
                if (i == 0) {
                    throw new IllegalStateException("No certificate in " + trustAnchor);
                }
            }
            var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);

            var context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return new TlsMaterial(
                    context,
                    clientCertificate(keys)
                            .orElseThrow(() -> new IllegalStateException("No private key entry in " + keystore)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the BankID TLS material: " + e.getMessage(), e);
        }
    }

    private static Optional<RpCertificate> clientCertificate(KeyStore keys) throws GeneralSecurityException {
        for (var alias : Collections.list(keys.aliases())) {
            if (keys.isKeyEntry(alias) && keys.getCertificate(alias) instanceof X509Certificate x509) {
                return Optional.of(RpCertificate.of(x509));
            }
        }
        return Optional.empty();
    }

    SSLContext sslContext() {
        return sslContext;
    }

    RpCertificate certificate() {
        return certificate;
    }
}
