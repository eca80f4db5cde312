package se.teknikivast.minasidor.deployment.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import se.teknikivast.minasidor.deployment.serialization.AllowListRedisSerializer.RefusedValueException;
import se.teknikivast.minasidor.infrastructure.testing.PlantedGadget;

class AllowListRedisSerializerTests {

    /** A class a service stores and names in its own patterns. */
    record Stored(String customerNumber, Instant at) implements Serializable {}

    final AllowListRedisSerializer serializer = AllowListRedisSerializer.allowing(
            getClass().getClassLoader(), AllowListRedisSerializerTests.class.getName() + "$Stored");

    @BeforeEach
    void reset() {
        PlantedGadget.reset();
    }

    @Test
    void readsBackWhatStoredValuesAreMadeOf() throws Exception {
        var value = new HashMap<String, Object>();
        value.put("created", Instant.parse("2026-12-06T08:00:00Z"));
        value.put("count", 3L);
        value.put("issuer", URI.create("http://localhost:8080/auth").toURL());
        value.put("scopes", List.of("openid", "profile"));
        value.put("own", new Stored("100001", Instant.parse("2026-12-06T08:01:00Z")));

        assertThat(serializer.deserialize(serializer.serialize(value))).isEqualTo(value);
    }

    @Test
    void refusesAClassOutsideTheAllowListWithoutRunningIt() {
        var planted = PlantedGadget.serialized();

        assertThatThrownBy(() -> serializer.deserialize(planted))
                .isInstanceOfSatisfying(
                        RefusedValueException.class,
                        e -> assertThat(e.refused()).isEqualTo(PlantedGadget.class.getName()));
        assertThat(PlantedGadget.ran()).isFalse();
    }

    @Test
    void refusesAGadgetHiddenInsideAnAllowedCollection() {
        var planted = PlantedGadget.serialize(
                new HashMap<>(Map.of("SPRING_SECURITY_CONTEXT", List.of("x", PlantedGadget.instance()))));

        assertThatThrownBy(() -> serializer.deserialize(planted)).isInstanceOf(RefusedValueException.class);
        assertThat(PlantedGadget.ran()).isFalse();
    }

    @Test
    void refusesSubPackagesOfTheAllowedJdkPackages() {
        var planted = new JdkSerializationRedisSerializer()
                .serialize(new java.util.concurrent.ConcurrentHashMap<>(Map.of("a", "b")));

        assertThatThrownBy(() -> serializer.deserialize(planted))
                .isInstanceOfSatisfying(
                        RefusedValueException.class,
                        e -> assertThat(e.refused()).isEqualTo("java.util.concurrent.ConcurrentHashMap"));
    }

    @Test
    void refusesAGraphDeeperThanAnyStoredValue() {
        var nested = new ArrayList<Object>();
        var innermost = nested;
        for (int i = 0; i < 100; i++) {
            var next = new ArrayList<Object>();
            innermost.add(next);
            innermost = next;
        }
        var planted = new JdkSerializationRedisSerializer().serialize(nested);

        assertThatThrownBy(() -> serializer.deserialize(planted))
                .isInstanceOfSatisfying(
                        RefusedValueException.class,
                        e -> assertThat(e.refused()).contains("over the limits"));
    }

    @Test
    void readsAndWritesTheSameBytesAsSpringDataRedisJdkSerializer() {
        var spring = new JdkSerializationRedisSerializer();
        var value = new HashMap<>(Map.of("lastAccessedTime", 1L, "name", "x"));

        assertThat(serializer.serialize(value)).isEqualTo(spring.serialize(value));
        assertThat(serializer.deserialize(spring.serialize(value))).isEqualTo(value);
    }

    @Test
    void acceptsOnlyClassesAsTheServicesOwnNeverAPackage() {
        for (var pattern :
                List.of("*", "**", "se.teknikivast.**", "a.b.*", "!java.lang.*", "maxdepth=1000", "a.B;*", " ")) {
            assertThatThrownBy(
                            () -> AllowListRedisSerializer.allowing(getClass().getClassLoader(), pattern))
                    .as(pattern)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void emptyIsAbsent() {
        assertThat(serializer.deserialize(new byte[0])).isNull();
        assertThat(serializer.deserialize(null)).isNull();
    }
}
