package se.teknikivast.minasidor.auth.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockoutPolicyTests {

    static final LockoutPolicy DEFAULTS = new LockoutPolicy(5, Duration.ofMinutes(1), Duration.ofMinutes(15));

    @ParameterizedTest(name = "{0} failures → {1} min")
    @CsvSource({"1,0", "4,0", "5,1", "6,2", "7,4", "8,8", "9,15", "10,15", "100,15", "100000,15"})
    void locksFromTheFifthFailureDoublingUpToFifteenMinutes(int failures, int minutes) {
        assertThat(DEFAULTS.lockAfter(failures).orElse(Duration.ZERO)).isEqualTo(Duration.ofMinutes(minutes));
    }
}
