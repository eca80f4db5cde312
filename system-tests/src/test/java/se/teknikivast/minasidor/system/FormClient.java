package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One visitor of the login pages with plain HTTP: a cookie jar, the CSRF token of the last page, forms posted as a
 * browser posts them, redirects followed by hand (so a test sees each status). {@link #via} with an
 * {@code X-Forwarded-For} address plays a client the gateway forwards from that address, straight to auth-service.
 */
final class FormClient {

    static final String AUTH_SERVICE = RunningSystem.AUTH_SERVICE;

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final LocalhostCookieJar cookies = new LocalhostCookieJar();
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String forwardedFor;
    private String hostHeader;
    private String csrf;

    private FormClient(String base, String forwardedFor) {
        this.base = base;
        this.forwardedFor = forwardedFor;
    }

    /** A browser on the public origin (the gateway). */
    static FormClient throughGateway() {
        return new FormClient(RunningSystem.GATEWAY, null);
    }

    /** A client at {@code address} as the gateway forwards it to auth-service (a trusted proxy there). */
    static FormClient via(String address) {
        return new FormClient(AUTH_SERVICE, address);
    }

    /**
     * A client of one instance (e.g. gateway-2 on http://localhost:8280 of a scaled-out stack), optionally as a
     * browser at {@code forwardedFor} as the balancer in front forwards it; cookies as a browser holds them for
     * localhost.
     */
    static FormClient at(String base, String forwardedFor, Map<String, String> cookies) {
        var client = new FormClient(base, forwardedFor);
        client.cookies.putAll(cookies);
        // The instance builds its URLs (the OAuth2 redirect_uri) from the Host, which a browser sets to the public
        // origin; needs -Djdk.httpclient.allowRestrictedHeaders=host (system-tests' pom).
        client.hostHeader = URI.create(RunningSystem.GATEWAY).getAuthority();
        return client;
    }

    /** The cookies this client holds now (name to value). */
    Map<String, String> cookies() {
        return cookies.snapshot();
    }

    /** Another client on the public origin that starts with these cookies: someone who copied them. */
    static FormClient throughGatewayWith(Map<String, String> copied) {
        var client = throughGateway();
        client.cookies.putAll(copied);
        return client;
    }

    HttpResponse<String> get(String path) {
        return get(path, "text/html");
    }

    /** GET asking for {@code accept} (e.g. {@code application/json} from an API). */
    HttpResponse<String> get(String path, String accept) {
        var response = send(request(path).header("Accept", accept).GET());
        remember(response);
        return response;
    }

    /** GET, then every redirect up to the page it ends on. */
    HttpResponse<String> open(String path) {
        var response = get(path);
        return followRedirects(response);
    }

    HttpResponse<String> post(String path, Map<String, String> fields) {
        var form = new LinkedHashMap<>(fields);
        if (csrf != null) {
            form.putIfAbsent("_csrf", csrf);
        }
        return postRaw(path, encode(form));
    }

    HttpResponse<String> postRaw(String path, String body) {
        var response = send(request(path)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        remember(response);
        return response;
    }

    HttpResponse<String> followRedirects(HttpResponse<String> response) {
        var current = response;
        for (int hops = 0; hops < 10 && current.statusCode() / 100 == 3; hops++) {
            var location = URI.create(current.headers().firstValue("Location").orElseThrow());
            var target = location.isAbsolute() ? location : current.uri().resolve(location);
            current = send(request(target).header("Accept", "text/html").GET());
            remember(current);
        }
        return current;
    }

    /** Step 1 and step 2 of "Ny kund eller har du glömt ditt lösenord?"; the answer to step 2, not followed. */
    HttpResponse<String> register(String customerNumber, String identityNumber, String email) {
        get("/auth/registrering");
        var step1 = post("/auth/registrering", Map.of("customerNumber", customerNumber));
        if (step1.statusCode() != 303) {
            return step1;
        }
        get("/auth/registrering/uppgifter");
        return post("/auth/registrering/uppgifter", Map.of("identityNumber", identityNumber, "email", email));
    }

    static String encode(Map<String, String> fields) {
        var body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** The text of the page's {@code <main>}, tags and CSRF tokens removed: what a person reads. */
    static String mainText(String html) {
        int start = html.indexOf("<main");
        int end = html.indexOf("</main>");
        var main = start >= 0 && end > start ? html.substring(start, end) : html;
        return main.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
    }

    private HttpRequest.Builder request(String path) {
        return request(URI.create(path.startsWith("http") ? path : base + path));
    }

    private HttpRequest.Builder request(URI uri) {
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (hostHeader != null && uri.toString().startsWith(base)) {
            builder.header("Host", hostHeader);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(HttpResponse<String> response) {
        var token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
    }
}
