package se.teknikivast.minasidor.bankid.rp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;

class RpCertificateHealthIndicatorTests {

    final MutableClock clock = new MutableClock(Instant.parse("2029-04-01T00:00:00Z"));
    final RpCertificate certificate = new RpCertificate("CN=FP Testcert 5", Instant.parse("2029-05-28T00:00:00Z"));
    final RpCertificateHealthIndicator health =
            new RpCertificateHealthIndicator(Optional.of(certificate), Duration.ofDays(30), clock);

    @Test
    void warnsThirtyDaysBeforeTheCertificateExpiresAndIsDownAfter() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("daysLeft", 57L);

        clock.advance(Duration.ofDays(28));
        assertThat(health.health().getStatus().getCode()).isEqualTo("WARNING");

        clock.advance(Duration.ofDays(30));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
