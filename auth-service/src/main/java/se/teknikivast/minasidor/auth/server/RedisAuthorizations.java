package se.teknikivast.minasidor.auth.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * OAuth2 authorizations in Redis, so any instance can continue a login another began and answer introspection.
 *
 * <p>One value per authorization ({@code <prefix>:authz:<id>}) plus one index key per token or state
 * ({@code <prefix>:authz-token:<type>:<sha256(value)>} → id): raw tokens are never key names. Everything expires
 * with the longest-lived token it holds, so Redis needs no clean-up job. A lookup re-checks that the authorization
 * still holds the token it was found by, so a rotated-away refresh token is not honoured through a stale index.
 *
 * <p>Values are read with the service's allow-listed serializer ({@code StoredValuesConfiguration}): one that names
 * any other class is treated as absent, so its tokens stop working and nothing in it runs.
 *
 * <p>Client-credentials grants are not stored at all ({@link ClientCredentialsAuthorizations}): a lookup by token
 * that finds nothing here asks it to rebuild the authorization from the self-contained token.
 */
final class RedisAuthorizations implements OAuth2AuthorizationService, PrincipalAuthorizations {

    private static final List<String> TOKEN_TYPES = List.of(
            OAuth2ParameterNames.STATE,
            OAuth2ParameterNames.CODE,
            OAuth2ParameterNames.ACCESS_TOKEN,
            OAuth2ParameterNames.REFRESH_TOKEN,
            OidcParameterNames.ID_TOKEN);

    /** Slack so an index never outlives nothing and an authorization never vanishes just before its token expires. */
    private static final Duration GRACE = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(RedisAuthorizations.class);

    private final RedisTemplate<String, byte[]> redis;
    private final RedisSerializer<Object> serializer;
    private final AuthorizationStoreProperties properties;
    private final ClientCredentialsAuthorizations clientCredentials;
    private final Clock clock;

    RedisAuthorizations(
            RedisConnectionFactory connections,
            RedisSerializer<Object> serializer,
            AuthorizationStoreProperties properties,
            ClientCredentialsAuthorizations clientCredentials,
            Clock clock) {
        this.serializer = serializer;
        this.redis = new RedisTemplate<>();
        this.redis.setConnectionFactory(connections);
        this.redis.setKeySerializer(RedisSerializer.string());
        this.redis.setValueSerializer(RedisSerializer.byteArray());
        this.redis.afterPropertiesSet();
        this.properties = properties;
        this.clientCredentials = clientCredentials;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        if (clientCredentials.isStateless(authorization)) {
            return;
        }
        var ttl = timeToLive(authorization);
        var value = serializer.serialize(authorization);
        var indexes = indexValues(authorization);
        var principal = principalIndexed(authorization) ? authorization.getPrincipalName() : null;
        // One round trip: the value, its token indexes and the principal index travel in one pipeline.
        redis.executePipelined((RedisCallback<Object>) connection -> {
            var strings = connection.stringCommands();
            var expiration = Expiration.from(ttl);
            strings.set(bytes(authorizationKey(authorization.getId())), value, expiration, SetOption.upsert());
            var id = bytes(authorization.getId());
            indexes.forEach((type, tokenValue) -> {
                var key = bytes(indexKey(type, tokenValue));
                strings.set(key, id, expiration, SetOption.upsert());
            });
            if (principal != null) {
                connection
                        .scriptingCommands()
                        .eval(
                                ADD_TO_PRINCIPAL,
                                ReturnType.INTEGER,
                                1,
                                bytes(principalKey(principal)),
                                id,
                                bytes(Long.toString(Math.max(1, ttl.toSeconds()))));
            }
            return null;
        });
    }

    /**
     * {@code <prefix>:authz-principal:<principal>} → the ids of the principal's authorizations, so a password change
     * can revoke them all. It lives as long as the longest-lived authorization it names: the script only ever extends
     * its time to live (Redis 6.2 has no {@code EXPIRE … GT}).
     */
    private static final byte[] ADD_TO_PRINCIPAL = """
            redis.call('SADD', KEYS[1], ARGV[1])
            local ttl = tonumber(ARGV[2])
            if redis.call('TTL', KEYS[1]) < ttl then
              redis.call('EXPIRE', KEYS[1], ttl)
            end
            return 1""".getBytes(StandardCharsets.UTF_8);

    /**
     * Customers' authorizations only: a client-credentials grant's principal is the client, which has no password to
     * change, and indexing every machine token would grow one set by hundreds of ids a second.
     */
    private static boolean principalIndexed(OAuth2Authorization authorization) {
        var principal = authorization.getPrincipalName();
        return principal != null
                && !principal.isBlank()
                && !AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType());
    }

    @Override
    public int revokeAll(String principalName) {
        var key = principalKey(principalName);
        var ids = redis.opsForSet().members(key);
        int removed = 0;
        if (ids != null) {
            for (var id : ids) {
                var authorization = findById(new String(id, StandardCharsets.UTF_8));
                if (authorization != null && principalName.equals(authorization.getPrincipalName())) {
                    remove(authorization);
                    removed++;
                }
            }
        }
        redis.delete(key);
        return removed;
    }

    private String principalKey(String principalName) {
        return properties.keyPrefix() + ":authz-principal:" + principalName;
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        var keys = new ArrayList<String>();
        keys.add(authorizationKey(authorization.getId()));
        indexValues(authorization).forEach((type, value) -> keys.add(indexKey(type, value)));
        redis.delete(keys);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        var value = redis.opsForValue().get(authorizationKey(id));
        if (value == null) {
            return null;
        }
        try {
            return (OAuth2Authorization) serializer.deserialize(value);
        } catch (SerializationException | ClassCastException e) {
            log.warn(
                    "An unreadable authorization in Redis was treated as absent: its tokens no longer work ({})",
                    e.getClass().getSimpleName());
            return null;
        }
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        var types = tokenType == null ? TOKEN_TYPES : List.of(tokenType.getValue());
        for (var type : types) {
            var id = redis.opsForValue().get(indexKey(type, token));
            if (id == null) {
                continue;
            }
            var authorization = findById(new String(id, StandardCharsets.UTF_8));
            if (authorization != null && holds(authorization, type, token)) {
                return authorization;
            }
        }
        return tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)
                ? clientCredentials.find(token)
                : null;
    }

    private static boolean holds(OAuth2Authorization authorization, String type, String value) {
        if (OAuth2ParameterNames.STATE.equals(type)) {
            return value.equals(authorization.getAttribute(OAuth2ParameterNames.STATE));
        }
        var token = tokenOfType(authorization, type);
        return token != null && value.equals(token.getToken().getTokenValue());
    }

    private static OAuth2Authorization.Token<? extends OAuth2Token> tokenOfType(
            OAuth2Authorization authorization, String type) {
        return switch (type) {
            case OAuth2ParameterNames.CODE -> authorization.getToken(OAuth2AuthorizationCode.class);
            case OAuth2ParameterNames.ACCESS_TOKEN -> authorization.getToken(OAuth2AccessToken.class);
            case OAuth2ParameterNames.REFRESH_TOKEN -> authorization.getToken(OAuth2RefreshToken.class);
            case OidcParameterNames.ID_TOKEN -> authorization.getToken(OidcIdToken.class);
            default -> null;
        };
    }

    private static Map<String, String> indexValues(OAuth2Authorization authorization) {
        var values = new java.util.LinkedHashMap<String, String>();
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        if (state != null) {
            values.put(OAuth2ParameterNames.STATE, state);
        }
        for (var type : TOKEN_TYPES.subList(1, TOKEN_TYPES.size())) {
            var token = tokenOfType(authorization, type);
            if (token != null) {
                values.put(type, token.getToken().getTokenValue());
            }
        }
        return values;
    }

    private Duration timeToLive(OAuth2Authorization authorization) {
        var now = clock.instant();
        Instant latest = null;
        for (var type : TOKEN_TYPES.subList(1, TOKEN_TYPES.size())) {
            var token = tokenOfType(authorization, type);
            if (token != null && token.getToken().getExpiresAt() != null) {
                var expiresAt = token.getToken().getExpiresAt();
                latest = latest == null || expiresAt.isAfter(latest) ? expiresAt : latest;
            }
        }
        var ttl = latest == null ? properties.pendingTtl() : Duration.between(now, latest);
        return ttl.isNegative() ? GRACE : ttl.plus(GRACE);
    }

    private String authorizationKey(String id) {
        return properties.keyPrefix() + ":authz:" + id;
    }

    private String indexKey(String type, String tokenValue) {
        return properties.keyPrefix() + ":authz-token:" + type + ":" + sha256(tokenValue);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(Objects.requireNonNull(value))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
