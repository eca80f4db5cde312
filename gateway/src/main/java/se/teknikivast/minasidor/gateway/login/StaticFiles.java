package se.teknikivast.minasidor.gateway.login;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The static files of the login pages (auth-service's {@code /auth/css|js|img/**} and favicon) and of the gateway's
 * own pages: the same for everyone, no personal data, and fetched with every empty-cache page view. They go through
 * without the gateway's session (no Redis round trip, no session deserialization) and without Spring Security's
 * filters; the security headers are still put on them (SecurityHeadersFilter runs before all of this).
 *
 * <p>Only GET and HEAD, and only paths a backend cannot read as another path: unreserved characters and {@code /}
 * only, no empty, {@code .} or {@code ..} segments, no percent-encoding, no {@code ;} parameters. Anything else (e.g.
 * {@code /auth/css/../login}) takes the normal path, where Spring Security's firewall refuses it anyway.
 */
final class StaticFiles {

    private static final List<String> PREFIXES =
            List.of("/auth/css/", "/auth/js/", "/auth/img/", "/css/", "/js/", "/img/");
    private static final List<String> FAVICONS = List.of("/favicon.ico", "/auth/favicon.ico");

    private StaticFiles() {}

    static boolean isStaticFile(ServerHttpRequest request) {
        var method = request.getMethod();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return false;
        }
        // The raw path as received (still percent-encoded, without the query).
        var path = request.getPath().value();
        return isPlain(path) && (FAVICONS.contains(path) || PREFIXES.stream().anyMatch(path::startsWith));
    }

    /** Absolute, only [A-Za-z0-9-._~/], and no segment that is empty, "." or "..". */
    static boolean isPlain(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                var segment = path.substring(segmentStart, i);
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                segmentStart = i + 1;
                continue;
            }
            char c = path.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (!unreserved) {
                return false;
            }
        }
        return true;
    }
}
