package se.teknikivast.minasidor.bankid.rp;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The relying-party certificate's expiry: {@code WARNING} from 30 days ahead (time to order a new one through the
 * bank), DOWN once expired. When FPTestcert4 expired in 2024 it silently broke many BankID integrations.
 */
final class RpCertificateHealthIndicator implements HealthIndicator {

    static final Status WARNING = new Status("WARNING", "relying-party certificate expires soon");

    private final Optional<RpCertificate> certificate;
    private final Duration warnAhead;
    private final Clock clock;

    RpCertificateHealthIndicator(Optional<RpCertificate> certificate, Duration warnAhead, Clock clock) {
        this.certificate = certificate;
        this.warnAhead = warnAhead;
        this.clock = clock;
    }

    @Override
    public Health health() {
        if (certificate.isEmpty()) {
            return Health.up().withDetail("mutualTls", false).build();
        }
        var cert = certificate.get();
        var left = Duration.between(clock.instant(), cert.notAfter());
        var builder = left.isNegative()
                ? Health.down()
                : left.compareTo(warnAhead) < 0 ? Health.status(WARNING) : Health.up();
        return builder.withDetail("mutualTls", true)
                .withDetail("subject", cert.subject())
                .withDetail("notAfter", cert.notAfter().toString())
                .withDetail("daysLeft", left.toDays())
                .build();
    }
}
