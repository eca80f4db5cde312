package se.teknikivast.minasidor.gateway.session;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.server.csrf.DefaultCsrfToken;

/**
 * What reading and writing a logged-in session's fields costs with JDK serialization and with
 * {@link JsonSessionSerializer}: the values a gateway session holds after a login (security context with the OIDC user,
 * the authorized client with its registration and tokens, the CSRF token, the login time, Spring Session's own
 * fields), each read once per "request" as Spring Session does after its HGETALL. Single-threaded, in process; prints
 * microseconds per request. Not a test: {@code java -cp <test class path> …session.SessionCodecBenchmark}.
 */
public final class SessionCodecBenchmark {

    public static void main(String[] args) throws Exception {
        var values = loggedInSession();
        var codecs = Map.<String, RedisSerializer<Object>>of(
                "jdk", new JdkSerializationRedisSerializer(),
                "json", new JsonSessionSerializer(SessionCodecBenchmark.class.getClassLoader()));
        int rounds = Integer.getInteger("rounds", 3);
        int reads = Integer.getInteger("reads", 30_000);
        for (int round = 0; round < rounds; round++) {
            for (var name : List.of("jdk", "json")) {
                var codec = codecs.get(name);
                var stored = values.stream().map(codec::serialize).toList();
                int bytes = stored.stream().mapToInt(value -> value.length).sum();
                long start = System.nanoTime();
                for (int i = 0; i < reads; i++) {
                    for (var value : stored) {
                        codec.deserialize(value);
                    }
                }
                long read = System.nanoTime();
                for (int i = 0; i < reads / 4; i++) {
                    for (var value : values) {
                        codec.serialize(value);
                    }
                }
                long written = System.nanoTime();
                System.out.printf(
                        "round %d %-4s %5d bytes  read all fields %6.1f us  write all fields %6.1f us%n",
                        round, name, bytes, (read - start) / 1e3 / reads, (written - read) / 1e3 / (reads / 4));
            }
        }
    }

    /** As after a login: sizes like auth-service's ES256 tokens. */
    static List<Object> loggedInSession() throws Exception {
        var now = Instant.now();
        var registration = ClientRegistration.withRegistrationId("mina-sidor")
                .clientName("Mina sidor")
                .clientId("mina-sidor-gateway")
                .clientSecret("secret")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile")
                .issuerUri("http://localhost:8080/auth")
                .authorizationUri("http://localhost:8080/auth/oauth2/authorize")
                .tokenUri("http://localhost:9000/auth/oauth2/token")
                .jwkSetUri("http://localhost:9000/auth/oauth2/jwks")
                .userInfoUri("http://localhost:9000/auth/userinfo")
                .userNameAttributeName("sub")
                .build();
        var accessToken = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                "a".repeat(450),
                now,
                now.plusSeconds(300),
                Set.of("openid", "profile"));
        var client = new OAuth2AuthorizedClient(
                registration, "100003", accessToken, new OAuth2RefreshToken("r".repeat(128), now));
        var clients = new HashMap<String, OAuth2AuthorizedClient>();
        clients.put("mina-sidor", client);

        var claims = new LinkedHashMap<String, Object>();
        claims.put("iss", URI.create("http://localhost:8080/auth").toURL());
        claims.put("sub", "100003");
        claims.put("aud", new ArrayList<>(List.of("mina-sidor-gateway")));
        claims.put("exp", now.plusSeconds(300));
        claims.put("iat", now);
        claims.put("auth_time", now);
        claims.put("nonce", "n".repeat(43));
        claims.put("amr", new ArrayList<>(List.of("pwd")));
        claims.put("sid", "s".repeat(43));
        claims.put("azp", "mina-sidor-gateway");
        var idToken = new OidcIdToken("i".repeat(600), now, now.plusSeconds(300), claims);
        var userInfo = new OidcUserInfo(new LinkedHashMap<>(Map.of("sub", "100003", "name", "Västkustens Kraft AB")));
        var authorities = new LinkedHashSet<GrantedAuthority>();
        authorities.add(new OidcUserAuthority(idToken, userInfo));
        authorities.add(new SimpleGrantedAuthority("SCOPE_openid"));
        authorities.add(new SimpleGrantedAuthority("SCOPE_profile"));
        var user = new DefaultOidcUser(authorities, idToken, userInfo, "sub");
        var context = new SecurityContextImpl(new OAuth2AuthenticationToken(user, authorities, "mina-sidor"));
        var csrf =
                new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", UUID.randomUUID().toString());
        return List.of(context, clients, csrf, now.toString(), now.toEpochMilli(), now.toEpochMilli(), 1800);
    }
}
