package se.teknikivast.minasidor.auth.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Session limits beyond Spring Session's idle timeout ({@code spring.session.timeout}, 30 min).
 *
 * @param absoluteTimeout how long a session may live however active it is (docs/security.md: 8 h)
 */
@ConfigurationProperties("minasidor.session")
public record SessionProperties(Duration absoluteTimeout) {

    public SessionProperties {
        absoluteTimeout = absoluteTimeout == null ? Duration.ofHours(8) : absoluteTimeout;
    }
}
