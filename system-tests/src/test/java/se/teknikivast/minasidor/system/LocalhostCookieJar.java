package se.teknikivast.minasidor.system;

import java.net.CookieHandler;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every cookie goes back to localhost, whatever its port or path; enough for one client of the local stack in one test.
 * Browsers send {@code Secure} cookies to http://localhost; the JDK's own {@code CookieManager} does not.
 */
final class LocalhostCookieJar extends CookieHandler {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        if (cookies.isEmpty()) {
            return Map.of();
        }
        var header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ")
                .append(name)
                .append('=')
                .append(value));
        return Map.of("Cookie", List.of(header.toString()));
    }

    /** The cookies held now (name to value): what a person could copy out of the browser. */
    synchronized Map<String, String> snapshot() {
        return new LinkedHashMap<>(cookies);
    }

    /** Cookies copied from elsewhere, e.g. an earlier {@link #snapshot()}. */
    synchronized void putAll(Map<String, String> copied) {
        cookies.putAll(copied);
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if ("set-cookie".equalsIgnoreCase(name)) {
                for (var value : values) {
                    var pair = value.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        continue;
                    }
                    var cookie = pair.substring(0, eq).trim();
                    if (value.toLowerCase().contains("max-age=0")) {
                        cookies.remove(cookie);
                    } else {
                        cookies.put(cookie, pair.substring(eq + 1).trim());
                    }
                }
            }
        });
    }
}
