package se.teknikivast.minasidor.gateway.headers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the baseline security headers on every response the gateway sends: its own pages, errors, 429s and
 * everything proxied. A header a backend already set wins (auth-service's password pages send the stricter
 * {@code Referrer-Policy: no-referrer}). HSTS is sent on plain http too: TLS usually ends at a proxy in front of
 * the gateway, and browsers ignore the header on http anyway.
 */
@Component
final class SecurityHeadersFilter implements WebFilter, Ordered {

    private final Map<String, String> headers;

    SecurityHeadersFilter(SecurityHeadersProperties properties) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Security-Policy", properties.contentSecurityPolicy());
        headers.put("Strict-Transport-Security", properties.strictTransportSecurity());
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", properties.referrerPolicy());
        headers.put("X-Frame-Options", "DENY");
        headers.put("Permissions-Policy", properties.permissionsPolicy());
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var response = exchange.getResponse();
        response.beforeCommit(() -> {
            var actual = response.getHeaders();
            headers.forEach((name, value) -> {
                if (!actual.containsHeader(name)) {
                    actual.set(name, value);
                }
            });
            // Anything not marked cacheable by whoever produced it may carry personal data. Not on a 304: it only
            // answers a browser that holds a cached copy (so the producer made it cacheable), and its headers would
            // replace the stored ones, e.g. a static file's "public, max-age=…, immutable".
            var status = response.getStatusCode();
            if (!actual.containsHeader(HttpHeaders.CACHE_CONTROL)
                    && (status == null || status.value() != HttpStatus.NOT_MODIFIED.value())) {
                actual.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
