package se.teknikivast.minasidor.auth.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import se.teknikivast.minasidor.auth.Browser;

/**
 * The two operations of the benchmarks, written once against any OpenID provider: what differs between auth-service
 * and Keycloak is only these endpoints and client registrations. The browser login reads the login form from the page
 * as a browser does (its action, its hidden fields), so the same code fills in either server's form. Its cookie jar
 * treats the loopback as a secure context, as browsers do: Keycloak marks its login cookies Secure even over HTTP.
 */
public record OidcClient(
        String authorizeUrl,
        String tokenUrl,
        String grantClientId,
        String grantClientSecret,
        String grantScope,
        String webClientId,
        String webClientSecret,
        String redirectUri,
        String loginScope) {

    /** A client-credentials grant, as a resource server's client makes it: a new connection, HTTP Basic. */
    public boolean clientCredentials() {
        var response = tokenRequest(
                grantClientId, grantClientSecret, Map.of("grant_type", "client_credentials", "scope", grantScope));
        return response.statusCode() == 200 && response.body().contains("\"access_token\"");
    }

    /**
     * A new browser's password login: authorize (PKCE S256) → the login page → POST the form → the redirect back with
     * the code → the token request with the code verifier, as the gateway makes it (HTTP Basic). True when the answer
     * has an access token and an ID token.
     */
    public boolean browserLogin(String username, String password) {
        var browser = new Browser(true);
        var pkce = Browser.Pkce.create();
        var state = UUID.randomUUID().toString();
        var authorize = authorizeUrl
                + "?"
                + Browser.encode(ordered(
                        "response_type",
                        "code",
                        "client_id",
                        webClientId,
                        "redirect_uri",
                        redirectUri,
                        "scope",
                        loginScope,
                        "state",
                        state,
                        "nonce",
                        UUID.randomUUID().toString(),
                        "code_challenge",
                        pkce.challenge(),
                        "code_challenge_method",
                        "S256"));
        var page = followUntilPage(browser, authorize);
        var form = LoginForm.of(page.uri(), page.body());
        form.fields().put("username", username);
        form.fields().put(form.passwordField(), password);
        var posted = browser.postForm(form.action(), form.fields());
        var redirect = followUntilRedirectUri(browser, posted);
        var parameters = Browser.queryParameters(redirect);
        if (!state.equals(parameters.get("state")) || parameters.get("code") == null) {
            throw new IllegalStateException("No code for this state in " + redirect);
        }
        var tokens = tokenRequest(
                webClientId,
                webClientSecret,
                ordered(
                        "grant_type",
                        "authorization_code",
                        "code",
                        parameters.get("code"),
                        "redirect_uri",
                        redirectUri,
                        "code_verifier",
                        pkce.verifier()));
        if (tokens.statusCode() != 200) {
            throw new IllegalStateException("Token request answered " + tokens.statusCode() + ": " + tokens.body());
        }
        return tokens.body().contains("\"access_token\"") && tokens.body().contains("\"id_token\"");
    }

    private HttpResponse<String> followUntilPage(Browser browser, String url) {
        var response = browser.get(url);
        for (int hops = 0; response.statusCode() / 100 == 3 && hops < 5; hops++) {
            response = browser.get(
                    response.uri().resolve(Browser.location(response)).toString());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("No login page: " + response.statusCode() + " at " + response.uri());
        }
        return response;
    }

    private String followUntilRedirectUri(Browser browser, HttpResponse<String> response) {
        for (int hops = 0; hops < 5; hops++) {
            if (response.statusCode() / 100 != 3) {
                throw new IllegalStateException("Login answered " + response.statusCode() + " at " + response.uri());
            }
            var location = response.uri().resolve(Browser.location(response)).toString();
            if (location.startsWith(redirectUri)) {
                return location;
            }
            response = browser.get(location);
        }
        throw new IllegalStateException("Too many redirects after the login");
    }

    private HttpResponse<String> tokenRequest(String clientId, String secret, Map<String, String> form) {
        var basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form)))
                .build();
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The form on a page that has a password field: where it posts and the fields a browser would send. */
    record LoginForm(String action, Map<String, String> fields, String passwordField) {

        private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);
        private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>");
        private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"");

        static LoginForm of(URI page, String html) {
            var forms = FORM.matcher(html);
            while (forms.find()) {
                var fields = new LinkedHashMap<String, String>();
                String passwordField = null;
                var inputs = INPUT.matcher(forms.group(2));
                while (inputs.find()) {
                    var attributes = attributes(inputs.group(1));
                    var name = attributes.get("name");
                    var type = attributes.getOrDefault("type", "text");
                    if (name == null || type.equals("checkbox") || type.equals("submit")) {
                        continue;
                    }
                    if (type.equals("password")) {
                        passwordField = name;
                    }
                    fields.put(name, attributes.getOrDefault("value", ""));
                }
                if (passwordField != null) {
                    var action = attributes(forms.group(1)).getOrDefault("action", "");
                    return new LoginForm(page.resolve(action).toString(), fields, passwordField);
                }
            }
            throw new IllegalStateException("No login form at " + page);
        }

        private static Map<String, String> attributes(String tag) {
            var attributes = new LinkedHashMap<String, String>();
            var matcher = ATTRIBUTE.matcher(tag);
            while (matcher.find()) {
                attributes.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), unescape(matcher.group(2)));
            }
            return attributes;
        }

        private static String unescape(String value) {
            return value.replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&#x3D;", "=")
                    .replace("&#61;", "=")
                    .replace("&#x2F;", "/");
        }
    }
}
