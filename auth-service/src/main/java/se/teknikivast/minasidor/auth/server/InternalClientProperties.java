package se.teknikivast.minasidor.auth.server;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where internal clients (those registered for {@code client_credentials}) may authenticate from: directly, not
 * through a proxy, from one of these networks (docs/security.md, "Client credentials").
 *
 * @param networks addresses or CIDR ranges of the internal network, IPv4 or IPv6
 */
@Validated
@ConfigurationProperties("minasidor.internal-clients")
public record InternalClientProperties(@NotEmpty List<String> networks) {}
