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
 * Stands in for auth-service's OIDC endpoints (authorization code + PKCE, ES256 ID tokens, revocation and the logout back channel),
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
    final List<Headers> authorizeRequests = new CopyOnWriteArrayList<>();
    /** Tokens revoked at /oauth2/revoke, in order. */
    final List<String> revokedTokens = new CopyOnWriteArrayList<>();
    /** Logins ended through the back channel (by the token that named them), in order. */
    final List<String> endedLogins = new CopyOnWriteArrayList<>();

    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private volatile String issuer;
    private volatile String lastAccessToken;
    private volatile String lastRefreshToken;
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
                .on("/auth/oauth2/revoke", this::revoke)
                .on("/auth/internal/logout", this::backChannelLogout)
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

    /** While down, revocation and the back channel answer 503, as auth-service's breaker or a proxy in front would. */
    void down(boolean down) {
        this.down = down;
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
        var refreshToken = UUID.randomUUID().toString();
        accessTokens.put(accessToken, subject);
        refreshTokens.add(refreshToken);
        lastAccessToken = accessToken;
        lastRefreshToken = refreshToken;
        respond(exchange, 200, "application/json", """
                {"access_token":"%s","token_type":"Bearer","expires_in":%d,"refresh_token":"%s",\
                "id_token":"%s","scope":"openid profile customer"}""".formatted(accessToken, tokenSeconds, refreshToken, idToken));
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

    private boolean authenticated(HttpExchange exchange) {
        var expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    /** RFC 7009: 200 for any token, known or not; the token is no longer honoured. */
    private void revoke(HttpExchange exchange) throws IOException {
        var form = body(exchange);
        if (down) {
            respond(exchange, 503, "text/plain", "unavailable");
        } else if (!authenticated(exchange)) {
            respond(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
        } else {
            var token = form.get("token");
            accessTokens.remove(token);
            refreshTokens.remove(token);
            revokedTokens.add(token);
            respond(exchange, 200, "application/json", "");
        }
    }

    /** auth-service's POST /internal/logout: 204 once the login is gone. */
    private void backChannelLogout(HttpExchange exchange) throws IOException {
        var form = body(exchange);
        if (down) {
            respond(exchange, 503, "text/plain", "unavailable");
        } else if (!authenticated(exchange)) {
            respond(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
        } else {
            endedLogins.add(form.get("token"));
            respond(exchange, 204, "text/plain", "");
        }
    }

    String lastRefreshToken() {
        return lastRefreshToken;
    }

    boolean isValidRefreshToken(String token) {
        return refreshTokens.contains(token);
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
