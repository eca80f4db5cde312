package se.teknikivast.minasidor.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's side of the authorization-code + PKCE flow, step by step, against one or more instances. */
public final class OidcLogin {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Browser browser = new Browser();
    private final Browser.Pkce pkce = Browser.Pkce.create();
    private final String state = UUID.randomUUID().toString();
    private final String nonce = UUID.randomUUID().toString();

    public Browser browser() {
        return browser;
    }

    /** GET /oauth2/authorize without a session: must redirect to the login page of the same instance. */
    public String startAt(String baseUrl) {
        var response = browser.get(baseUrl + "/auth/oauth2/authorize?"
                + Browser.encode(Map.of(
                        "response_type",
                        "code",
                        "client_id",
                        LocalClients.GATEWAY,
                        "redirect_uri",
                        LocalClients.GATEWAY_REDIRECT,
                        "scope",
                        "openid profile customer",
                        "state",
                        state,
                        "nonce",
                        nonce,
                        "code_challenge",
                        pkce.challenge(),
                        "code_challenge_method",
                        "S256")));
        assertThat(response.statusCode()).isEqualTo(302);
        var login = Browser.location(response);
        assertThat(login).endsWith("/auth/login");
        return login;
    }

    /** Logs in on {@code baseUrl}'s login page; returns the URL it sends the browser back to (the authorize request). */
    public String logIn(String baseUrl, String username, String password) {
        var response = browser.logIn(baseUrl + "/auth/login", username, password);
        assertThat(response.statusCode()).isEqualTo(302);
        return Browser.location(response);
    }

    /** Follows the saved authorize request on {@code baseUrl}; returns the authorization code. */
    public String code(String baseUrl, String savedAuthorizeUrl) {
        var path = URI.create(savedAuthorizeUrl);
        var response = browser.get(baseUrl + path.getRawPath() + "?" + path.getRawQuery());
        assertThat(response.statusCode()).isEqualTo(302);
        var redirect = Browser.location(response);
        assertThat(redirect).startsWith(LocalClients.GATEWAY_REDIRECT);
        var parameters = Browser.queryParameters(redirect);
        assertThat(parameters).containsEntry("state", state);
        return parameters.get("code");
    }

    public JsonNode exchange(String baseUrl, String code) {
        return tokenRequest(
                baseUrl,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        LocalClients.GATEWAY_REDIRECT,
                        "code_verifier",
                        pkce.verifier()));
    }

    public String nonce() {
        return nonce;
    }

    public static JsonNode tokenRequest(String baseUrl, Map<String, String> form) {
        var response = tokenResponse(baseUrl, LocalClients.GATEWAY, LocalClients.GATEWAY_SECRET, form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    public static HttpResponse<String> tokenResponse(
            String baseUrl, String clientId, String secret, Map<String, String> form) {
        var basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/auth/oauth2/token"))
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

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }
}
