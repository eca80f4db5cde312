package se.teknikivast.minasidor.gateway.clientip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address of the browser behind a request. A client can write anything into {@code X-Forwarded-For}, so the
 * header is read only when the connection itself comes from a trusted proxy, and then from the right: the first
 * address that is not another trusted proxy is the one the nearest trusted proxy saw. Trusted proxies are addresses or
 * CIDR ranges, matched by Spring Security's {@link IpAddressMatcher} (which refuses host names, so no DNS lookups).
 */
@Component
public final class ClientIpResolver {

    static final String UNKNOWN = "unknown";

    private final List<IpAddressMatcher> trustedProxies;

    public ClientIpResolver(ClientIpProperties properties) {
        this.trustedProxies =
                properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    public String resolve(ServerHttpRequest request) {
        var remote = remoteAddress(request);
        if (remote.isEmpty()) {
            return UNKNOWN;
        }
        var client = remote.get();
        if (!isTrusted(client)) {
            return client;
        }
        var forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            var hop = literal(forwarded.get(i));
            if (hop.isEmpty()) {
                // Garbage from further out: stop at the last address a trusted proxy vouched for.
                return client;
            }
            client = hop.get();
            if (!isTrusted(client)) {
                return client;
            }
        }
        return client;
    }

    /** Whether the request came straight from a trusted proxy, so its forwarded host and scheme are believed. */
    public boolean isFromTrustedProxy(ServerHttpRequest request) {
        return remoteAddress(request).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(String address) {
        return trustedProxies.stream().anyMatch(range -> range.matches(address));
    }

    private static Optional<String> remoteAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return Optional.empty();
        }
        return Optional.of(remote.getAddress().getHostAddress());
    }

    /** Parses an IP literal without ever asking DNS; anything else (names, "unknown", ports) is refused. */
    static Optional<String> literal(String value) {
        var candidate = value.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        try {
            return Optional.of(InetAddress.ofLiteral(candidate).getHostAddress());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
