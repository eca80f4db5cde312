package se.teknikivast.minasidor.deployment.serialization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * JDK serialization for what a service keeps in Redis (sessions, OAuth2 authorizations, consents) that reads back only
 * the classes such values are made of.
 *
 * <p>Why: reading a JDK-serialized value runs code chosen by whoever wrote it (the {@code readObject} methods of the
 * classes it names), so anyone who can write to Redis could otherwise run code in every service that reads from it.
 * Here an {@link ObjectInputFilter} (JEP 290) allows the JDK's basic value types, Spring Security's classes and the
 * service's own stored classes, bounds the size and depth of the graph, and refuses every other class before an
 * instance of it is made. A refused value is reported as a {@link RefusedValueException} (logged here once, at WARN,
 * naming the class) and its reader treats it as absent: the session or authorization is gone, nothing ran.
 *
 * <p>Writes are plain {@link ObjectOutputStream} output, the same bytes Spring Data Redis's
 * {@code JdkSerializationRedisSerializer} writes, so values stored before this serializer are read as before.
 */
public final class AllowListRedisSerializer implements RedisSerializer<Object> {

    private static final Log log = LogFactory.getLog(AllowListRedisSerializer.class);

    /**
     * What every stored session and authorization may be made of. {@code java.lang.*}, {@code java.util.*} and
     * {@code java.time.*} are single packages (not their sub-packages: no {@code java.lang.reflect},
     * {@code java.util.concurrent}); {@code java.net.URL} is the issuer claim of an ID token.
     */
    public static final List<String> COMMON = List.of(
            "java.lang.*",
            "java.util.*",
            "java.time.*",
            "java.net.URL",
            "java.net.URI",
            "org.springframework.security.**");

    /**
     * Bounds on one value: a session or authorization is a few kilobytes, a few levels deep. A graph built to exhaust
     * memory or stack while it is read is refused like a foreign class.
     */
    static final String LIMITS = "maxdepth=32;maxrefs=20000;maxarray=100000;maxbytes=1000000";

    /** A class name, or a class's nested classes ({@code a.b.C$*}): never a whole package. */
    private static final Pattern OWN_PATTERN =
            Pattern.compile("([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(\\$[A-Za-z0-9_]+)*(\\$\\*)?");

    private final ClassLoader classLoader;
    private final ObjectInputFilter filter;
    private final String description;

    private AllowListRedisSerializer(ClassLoader classLoader, List<String> allowed) {
        this.classLoader = classLoader;
        this.description = String.join(";", allowed);
        this.filter = ObjectInputFilter.Config.createFilter(LIMITS + ";" + description + ";!*");
    }

    /**
     * The {@link #COMMON} classes and the service's own stored ones.
     *
     * @param classLoader the service's class loader, to resolve its classes
     * @param own the service's own stored classes: a class name, or a class's nested classes ({@code a.b.C$*}),
     *     never a package
     */
    public static AllowListRedisSerializer allowing(ClassLoader classLoader, String... own) {
        var allowed = new ArrayList<>(COMMON);
        for (var pattern : own) {
            if (!OWN_PATTERN.matcher(pattern).matches()) {
                throw new IllegalArgumentException(
                        "Not a class or a class's nested classes (a.b.C, a.b.C$*): '" + pattern + "'");
            }
            allowed.add(pattern);
        }
        return new AllowListRedisSerializer(classLoader, allowed);
    }

    @Override
    public byte[] serialize(@Nullable Object value) {
        if (value == null) {
            return new byte[0];
        }
        var bytes = new ByteArrayOutputStream(1024);
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new SerializationException(
                    "Cannot serialize a " + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    @Override
    public @Nullable Object deserialize(byte @Nullable [] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        var refused = new AtomicReference<String>();
        ObjectInputFilter recording = info -> {
            var status = filter.checkInput(info);
            if (status == ObjectInputFilter.Status.REJECTED && refused.get() == null) {
                refused.set(
                        info.serialClass() != null
                                ? info.serialClass().getName()
                                : "a graph over the limits (depth " + info.depth() + ", references " + info.references()
                                        + ", " + info.streamBytes() + " bytes)");
            }
            return status;
        };
        try (var in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            in.setObjectInputFilter(recording);
            return in.readObject();
        } catch (InvalidClassException e) {
            if (refused.get() != null) {
                log.warn("A value read from Redis was refused: it names " + refused.get()
                        + ", which stored values are not made of. Someone may have written to Redis who should not"
                        + " be able to.");
                throw new RefusedValueException(refused.get(), e);
            }
            throw new SerializationException("Cannot deserialize a value read from Redis", e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize a value read from Redis", e);
        }
    }

    @Override
    public String toString() {
        return "AllowListRedisSerializer[" + description + "]";
    }

    /** A stored value that named a class outside the allow-list, or exceeded its bounds: nothing of it was made. */
    public static final class RefusedValueException extends SerializationException {

        private final String refused;

        RefusedValueException(String refused, Throwable cause) {
            super("Refused to read a value that names " + refused, cause);
            this.refused = refused;
        }

        /** The class that was refused, or a description of the bound the value exceeded. */
        public String refused() {
            return refused;
        }
    }
}
