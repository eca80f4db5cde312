package se.teknikivast.minasidor.auth.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.Serializable;
import org.junit.jupiter.api.Test;

class StoredValuesConfigurationTests {

    /** The allow-list names classes by their names: a renamed or moved class would silently end every session. */
    @Test
    void everyOwnClassOnTheAllowListExistsAndIsSerializable() {
        assertThat(StoredValuesConfiguration.OWN_CLASSES).isNotEmpty().allSatisfy(pattern -> {
            var name = pattern.endsWith("$*") ? pattern.substring(0, pattern.length() - 2) : pattern;
            assertThatCode(() -> Class.forName(name)).as(pattern).doesNotThrowAnyException();
            var type = Class.forName(name);
            if (!pattern.endsWith("$*")) {
                assertThat(Serializable.class.isAssignableFrom(type))
                        .as(pattern)
                        .isTrue();
            } else {
                assertThat(type.getDeclaredClasses())
                        .as(pattern)
                        .anySatisfy(nested -> assertThat(Serializable.class.isAssignableFrom(nested))
                                .isTrue());
            }
        });
    }
}
