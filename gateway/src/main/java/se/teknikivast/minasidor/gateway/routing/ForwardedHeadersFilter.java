package se.teknikivast.minasidor.gateway.routing;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import se.teknikivast.minasidor.deployment.ProxyHeaders;
import se.teknikivast.minasidor.gateway.clientip.ClientIpResolver;

/**
 * What a backend learns about the original request: the real client IP and the public host, scheme and port, so
 * auth-service builds URLs on the gateway's origin and sends BankID the end user's address. Runs after the
 * gateway's own filters, which already removed whatever the client sent in these headers. The gateway's session
 * cookie is a bearer credential for the BFF session and never leaves the gateway.
 */
@Component
final class ForwardedHeadersFilter implements HttpHeadersFilter, Ordered {

    private final ClientIpResolver clientIps;
    private final String sessionCookieName;

    ForwardedHeadersFilter(
            ClientIpResolver clientIps, @Value("${server.reactive.session.cookie.name}") String sessionCookieName) {
        this.clientIps = clientIps;
        this.sessionCookieName = sessionCookieName;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        var request = exchange.getRequest();
        var original = request.getHeaders();
        var trusted = clientIps.isFromTrustedProxy(request);

        var headers = new HttpHeaders();
        headers.putAll(input);
        ProxyHeaders.NAMES.forEach(headers::remove);

        var uri = request.getURI();
        var scheme = trusted && original.getFirst("X-Forwarded-Proto") != null
                ? original.getFirst("X-Forwarded-Proto")
                : uri.getScheme();
        var host = trusted && original.getFirst("X-Forwarded-Host") != null
                ? original.getFirst("X-Forwarded-Host")
                : original.getFirst(HttpHeaders.HOST);
        var port = trusted && original.getFirst("X-Forwarded-Port") != null
                ? original.getFirst("X-Forwarded-Port")
                : String.valueOf(uri.getPort() > 0 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80));

        headers.set("X-Forwarded-For", clientIps.resolve(request));
        headers.set("X-Forwarded-Proto", scheme);
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        }
        headers.set("X-Forwarded-Port", port);
        withoutSessionCookie(headers);
        return headers;
    }

    private void withoutSessionCookie(HttpHeaders headers) {
        var cookies = headers.get(HttpHeaders.COOKIE);
        if (cookies == null) {
            return;
        }
        var kept = cookies.stream()
                .flatMap(header -> Arrays.stream(header.split(";")))
                .map(String::strip)
                .filter(cookie -> !cookie.isEmpty() && !cookie.startsWith(sessionCookieName + "="))
                .collect(Collectors.joining("; "));
        if (kept.isEmpty()) {
            headers.remove(HttpHeaders.COOKIE);
        } else {
            headers.set(HttpHeaders.COOKIE, kept);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
