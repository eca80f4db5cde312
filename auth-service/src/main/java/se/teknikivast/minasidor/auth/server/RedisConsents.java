package se.teknikivast.minasidor.auth.server;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

/**
 * Consents in Redis with a TTL (the first-party BFF needs none today; a future third-party client might), read with the
 * service's allow-listed serializer: an unreadable one counts as not given.
 */
final class RedisConsents implements OAuth2AuthorizationConsentService {

    private final RedisTemplate<String, Object> redis;
    private final AuthorizationStoreProperties properties;

    RedisConsents(
            RedisConnectionFactory connections,
            RedisSerializer<Object> serializer,
            AuthorizationStoreProperties properties) {
        this.redis = new RedisTemplate<>();
        this.redis.setConnectionFactory(connections);
        this.redis.setKeySerializer(RedisSerializer.string());
        this.redis.setValueSerializer(serializer);
        this.redis.afterPropertiesSet();
        this.properties = properties;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        redis.opsForValue()
                .set(
                        key(consent.getRegisteredClientId(), consent.getPrincipalName()),
                        consent,
                        properties.consentTtl());
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        redis.delete(key(consent.getRegisteredClientId(), consent.getPrincipalName()));
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        try {
            return (OAuth2AuthorizationConsent) redis.opsForValue().get(key(registeredClientId, principalName));
        } catch (SerializationException | ClassCastException e) {
            // As if never given: the client asks for consent again.
            return null;
        }
    }

    private String key(String clientId, String principalName) {
        return properties.keyPrefix() + ":consent:" + clientId + ":" + principalName;
    }
}
