package se.teknikivast.minasidor.gateway.clientip;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which proxies in front of the gateway may tell it the client's address.
 *
 * @param trustedProxies IP addresses or CIDR ranges (e.g. {@code 10.0.0.0/8}); an {@code X-Forwarded-For} is only
 *     believed when the connection comes from one of these
 */
@Validated
@ConfigurationProperties("minasidor.gateway.client-ip")
public record ClientIpProperties(List<String> trustedProxies) {

    public ClientIpProperties {
        trustedProxies = trustedProxies == null
                ? List.of()
                : trustedProxies.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
