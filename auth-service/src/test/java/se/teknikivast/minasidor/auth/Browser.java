package se.teknikivast.minasidor.auth;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A plain HTTP client that behaves like a browser where it matters: cookies, no automatic redirects, CSRF form field. */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    public Browser() {
        this(false);
    }

    /**
     * With {@code loopbackIsSecure}, cookies marked Secure go to http://localhost and http://127.0.0.1 too, as
     * browsers treat the loopback as a secure context (the JDK's cookie manager sends them over https only).
     */
    public Browser(boolean loopbackIsSecure) {
        http = HttpClient.newBuilder()
                .cookieHandler(loopbackIsSecure ? new LoopbackSecureContext(cookies) : cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static final class LoopbackSecureContext extends java.net.CookieHandler {
        private final CookieManager cookies;

        LoopbackSecureContext(CookieManager cookies) {
            this.cookies = cookies;
        }

        @Override
        public Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> headers)
                throws java.io.IOException {
            var host = uri.getHost();
            if ("http".equals(uri.getScheme()) && ("localhost".equals(host) || "127.0.0.1".equals(host))) {
                try {
                    uri = new URI("https", null, host, uri.getPort(), uri.getPath(), null, null);
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return cookies.get(uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, java.util.List<String>> headers) throws java.io.IOException {
            cookies.put(uri, headers);
        }
    }

    private String userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0";

    public Browser userAgent(String userAgent) {
        this.userAgent = userAgent;
        return this;
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/html")
                .header("User-Agent", userAgent)
                .GET()
                .build());
    }

    public HttpResponse<String> postForm(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build());
    }

    /** A form POST with extra headers (e.g. {@code X-Forwarded-For} as the gateway sets it, {@code Accept}). */
    public HttpResponse<String> postForm(String url, Map<String, String> form, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Fills in and submits the login form found at {@code loginPageUrl}. */
    public HttpResponse<String> logIn(String loginPageUrl, String username, String password) {
        var page = get(loginPageUrl);
        var csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new AssertionError("No CSRF field on the login page: " + page.body());
        }
        var form = new LinkedHashMap<String, String>();
        form.put("username", username);
        form.put("password", password);
        form.put("_csrf", csrf.group(1));
        return postForm(loginPageUrl, form);
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    public static String location(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError(
                        "No Location header; status " + response.statusCode() + " body " + response.body()));
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static Map<String, String> queryParameters(String url) {
        var query = URI.create(url).getRawQuery();
        var parameters = new LinkedHashMap<String, String>();
        for (var pair : query.split("&")) {
            var parts = pair.split("=", 2);
            parameters.put(
                    java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    /** A PKCE verifier and its S256 challenge. */
    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            var bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            var verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(
                        verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
