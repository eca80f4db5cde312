package se.teknikivast.minasidor.bankid.rp;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** What operations need to know about the relying-party certificate: whose it is and when it expires. */
public record RpCertificate(String subject, Instant notAfter) {

    static RpCertificate of(X509Certificate certificate) {
        return new RpCertificate(
                certificate.getSubjectX500Principal().getName(),
                certificate.getNotAfter().toInstant());
    }
}
