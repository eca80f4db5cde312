package se.teknikivast.minasidor.gateway.session;

import java.net.URL;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.web.server.csrf.DefaultCsrfToken;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * The session's fields and attributes in Redis as JSON (Spring Security's Jackson 3 modules) instead of JDK
 * serialization: reading the security context, the authorized client and the CSRF token back with JDK serialization
 * was 12 % of the gateway's CPU per request. The modules write type information only for classes on their allow list
 * (Spring Security's own types, a few JDK collections and {@code java.time} values, {@code java.net.URL} and the CSRF token), so nothing else can be
 * instantiated from what is stored. A value that cannot be read (e.g. a session written with JDK serialization by an
 * earlier release) is a {@link SerializationException}, which ends that session (the customer logs in again) instead
 * of failing the request; see {@link WriteOnChangeWebSessionStore}.
 */
final class JsonSessionSerializer implements RedisSerializer<Object> {

    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper json;

    JsonSessionSerializer(ClassLoader classLoader) {
        // Stored by the gateway but not on the modules' list: the ID token's "iss" claim (Spring Security converts it
        // to a java.net.URL) and the WebFlux CSRF token (WebServerJacksonModule has its mixin, but does not list it).
        var allowed = BasicPolymorphicTypeValidator.builder()
                .allowIfSubType(URL.class)
                .allowIfSubType(DefaultCsrfToken.class);
        this.json = JsonMapper.builder()
                .addModules(SecurityJacksonModules.getModules(classLoader, allowed))
                .build();
    }

    @Override
    public byte[] serialize(@Nullable Object value) {
        if (value == null) {
            return EMPTY;
        }
        try {
            return json.writeValueAsBytes(value);
        } catch (JacksonException e) {
            // The type only: values may be tokens.
            throw new SerializationException(
                    "Cannot write a session value of type " + value.getClass().getName(), e);
        }
    }

    @Override
    public @Nullable Object deserialize(byte @Nullable [] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return json.readValue(bytes, Object.class);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot read a stored session value", e);
        }
    }
}
