package se.teknikivast.minasidor.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreFailuresTests {

    /** Stands in for Spring Data Redis's translation, by name as the services meet it. */
    static final class RedisConnectionFailureException extends RuntimeException {
        RedisConnectionFailureException(Throwable cause) {
            super("Unable to connect to Redis", cause);
        }
    }

    @Test
    void anythingElseIsNotAStoreFailure() {
        assertThat(StoreFailures.redis(new IllegalStateException("boom"))).isNull();
        assertThat(StoreFailures.redis(new RedisConnectionFailureException(null)))
                .as("only Spring Data Redis's own class counts")
                .isNull();
    }

    @Test
    void aFailureWithoutARedisCauseIsNot() {
        assertThat(StoreFailures.redis(new RuntimeException(new java.io.IOException("disk"))))
                .isNull();
    }
}
