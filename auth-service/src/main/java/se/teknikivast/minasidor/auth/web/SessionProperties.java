package se.teknikivast.minasidor.auth.web;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Session limits beyond Spring Session's idle timeout ({@code spring.session.timeout}, 30 min).
 *
 * @param absoluteTimeout how long a session may live however active it is (docs/security.md: 8 h)
 */
@Validated
@ConfigurationProperties("minasidor.session")
public record SessionProperties(@DurationMin(minutes = 1) Duration absoluteTimeout) {

    public SessionProperties {
        absoluteTimeout = absoluteTimeout == null ? Duration.ofHours(8) : absoluteTimeout;
    }
}
