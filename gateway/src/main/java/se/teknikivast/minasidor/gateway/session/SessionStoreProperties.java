package se.teknikivast.minasidor.gateway.session;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway keeps its sessions in Redis.
 *
 * @param lastAccessPrecision "last accessed" is written at most this often per session; the idle timeout is exact to
 *     within it (a session may end up to this much early)
 */
@Validated
@ConfigurationProperties("minasidor.gateway.session")
public record SessionStoreProperties(@NotNull Duration lastAccessPrecision) {}
