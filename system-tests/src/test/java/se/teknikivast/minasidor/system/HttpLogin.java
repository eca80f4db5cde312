package se.teknikivast.minasidor.system;

import static se.teknikivast.minasidor.system.RunningSystem.GATEWAY;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A password login through the gateway with plain HTTP, for tests that need traffic rather than a browser: the same
 * redirects and form a browser goes through, with a cookie jar that, like browsers, sends {@code Secure} cookies to
 * http://localhost (the JDK's own {@code CookieManager} does not).
 */
final class HttpLogin {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private HttpLogin() {}

    /** Logs in and returns the page the login ends on (Mina sidor, with the customer's name). */
    static HttpResponse<String> passwordLogin(String username, String password)
            throws IOException, InterruptedException {
        var client = HttpClient.newBuilder()
                .cookieHandler(new LocalhostCookieJar())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        var loginPage = client.send(
                HttpRequest.newBuilder(URI.create(GATEWAY + "/"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException(
                    "No login form at " + loginPage.uri() + " (" + loginPage.statusCode() + ")");
        }
        var form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
        return client.send(
                HttpRequest.newBuilder(URI.create(GATEWAY + "/auth/login"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
