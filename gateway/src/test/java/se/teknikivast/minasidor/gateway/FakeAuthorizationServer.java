package se.teknikivast.minasidor.gateway;

import static se.teknikivast.minasidor.gateway.FakeBackend.body;
import static se.teknikivast.minasidor.gateway.FakeBackend.form;
import static se.teknikivast.minasidor.gateway.FakeBackend.redirect;
import static se.teknikivast.minasidor.gateway.FakeBackend.respond;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for auth-service's OIDC endpoints (authorization code + PKCE, ES256 ID tokens, RP-initiated logout),
 * strict where the gateway's side of the protocol is concerned: PKCE S256, client secret, nonce, redirect URI.
 */
final class FakeAuthorizationServer implements AutoCloseable {

    static final String CLIENT_ID = "mina-sidor-gateway";
    static final String CLIENT_SECRET = "test-gateway-secret";
    static final String CUSTOMER_NUMBER = "100003";

    private final FakeBackend backend = new FakeBackend();
    private final ECKey key;
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> idTokens = ConcurrentHashMap.newKeySet();
    final List<Headers> authorizeRequests = new CopyOnWriteArrayList<>();
    final List<String> endedSessions = new CopyOnWriteArrayList<>();
    private volatile String issuer;
    private volatile String lastAccessToken;
    private volatile String subject = CUSTOMER_NUMBER;
    private volatile long tokenSeconds = 300;

    FakeAuthorizationServer() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        backend.on("/auth/oauth2/authorize", this::authorize)
                .on("/auth/oauth2/token", this::token)
                .on(
                        "/auth/oauth2/jwks",
                        exchange -> respond(
                                exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString(true)))
                .on("/auth/userinfo", this::userinfo)
                .on("/auth/connect/logout", this::logout)
                .on("/auth/", exchange -> respond(exchange, 200, "text/html; charset=utf-8", "<p>auth-service</p>"));
    }

    /** The issuer the gateway expects (its own public origin + /auth). */
    void issuer(String issuer) {
        this.issuer = issuer;
    }

    String baseUri() {
        return backend.baseUri();
    }

    /** Whom the next logins are for (the tokens' {@code sub}); {@value #CUSTOMER_NUMBER} unless changed. */
    void subject(String customerNumber) {
        this.subject = customerNumber;
    }

    /** How long the next tokens are valid (5 minutes unless changed; longer for a long benchmark). */
    void tokenLifetime(java.time.Duration lifetime) {
        this.tokenSeconds = lifetime.toSeconds();
    }

    String lastAccessToken() {
        return lastAccessToken;
    }

    boolean isValidAccessToken(String token) {
        return accessTokens.containsKey(token);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        authorizeRequests.add(exchange.getRequestHeaders());
        var query = form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id"))
                || !"code".equals(query.get("response_type"))
                || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null
                || query.get("nonce") == null) {
            respond(exchange, 400, "text/plain", "invalid authorization request");
            return;
        }
        var code = UUID.randomUUID().toString();
        codes.put(code, new Pending(query.get("code_challenge"), query.get("nonce"), query.get("redirect_uri")));
        redirect(
                exchange,
                query.get("redirect_uri") + "?code=" + code + "&state="
                        + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
    }

    private void token(HttpExchange exchange) throws IOException {
        var expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        var form = body(exchange);
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        var pending = codes.remove(String.valueOf(form.get("code")));
        if (!"authorization_code".equals(form.get("grant_type"))
                || pending == null
                || !pending.redirectUri().equals(form.get("redirect_uri"))
                || !pending.challenge().equals(s256(form.get("code_verifier")))) {
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        var now = Instant.now();
        var subject = this.subject;
        var accessToken = sign(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience("customer-service")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(tokenSeconds)))
                .claim("scope", List.of("openid", "profile", "customer"))
                .claim("amr", List.of("pwd"))
                .claim("customer_type", "COMPANY")
                .build());
        var idToken = sign(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(CLIENT_ID)
                .claim("azp", CLIENT_ID)
                .claim("nonce", pending.nonce())
                .claim("sid", UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(tokenSeconds)))
                .build());
        accessTokens.put(accessToken, subject);
        lastAccessToken = accessToken;
        idTokens.add(idToken);
        respond(exchange, 200, "application/json", """
                {"access_token":"%s","token_type":"Bearer","expires_in":%d,"refresh_token":"%s",\
                "id_token":"%s","scope":"openid profile customer"}""".formatted(
                        accessToken, tokenSeconds, UUID.randomUUID(), idToken));
    }

    /** A client-credentials access token (for the benchmark's import into the real customer-service). */
    String clientToken(String clientId, String scope) {
        var now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(clientId)
                .audience("customer-service")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(tokenSeconds)))
                .claim("scope", scope)
                .build());
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        var authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!authorization.startsWith("Bearer ") || !isValidAccessToken(authorization.substring(7))) {
            respond(exchange, 401, "application/json", "{\"error\":\"invalid_token\"}");
            return;
        }
        respond(
                exchange,
                200,
                "application/json",
                "{\"sub\":\"" + accessTokens.get(authorization.substring(7)) + "\",\"name\":\"Västkustens Kraft AB\"}");
    }

    private void logout(HttpExchange exchange) throws IOException {
        var form = "POST".equals(exchange.getRequestMethod())
                ? body(exchange)
                : form(exchange.getRequestURI().getRawQuery());
        var hint = form.get("id_token_hint");
        if (hint == null || !idTokens.remove(hint)) {
            respond(exchange, 400, "text/plain", "invalid logout request");
            return;
        }
        endedSessions.add(hint);
        redirect(exchange, form.get("post_logout_redirect_uri"));
    }

    private String sign(JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        backend.close();
    }

    private record Pending(String challenge, String nonce, String redirectUri) {}
}
