package se.teknikivast.minasidor.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

class ConsumerRetriesTests {

    @Test
    void waitsOneSecondThenTwiceAsLongUpToAMinuteAndGivesUpAfterAnHour() {
        var execution = ConsumerRetries.backOff().start();
        var waits = new ArrayList<Long>();
        for (long wait = execution.nextBackOff(); wait != BackOffExecution.STOP; wait = execution.nextBackOff()) {
            waits.add(wait);
        }

        assertThat(waits).startsWith(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(1_000L, 60_000L));
        long total = waits.stream().mapToLong(Long::longValue).sum();
        assertThat(total).isBetween(60 * 60_000L - 60_000L, 60 * 60_000L + 60_000L);
    }
}
