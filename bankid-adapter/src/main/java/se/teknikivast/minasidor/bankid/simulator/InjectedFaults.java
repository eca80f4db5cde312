package se.teknikivast.minasidor.bankid.simulator;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Failures the tester injects into the simulated RP API: an error code ({@code maintenance}, {@code internalError},
 * {@code requestTimeout}) and/or a delay before answering, for the next {@code remaining} calls (−1: until reset).
 */
@Component
@Profile("simulator")
class InjectedFaults {

    record Faults(String mode, long delayMillis, int remaining) {
        static final Faults NONE = new Faults("none", 0, -1);
    }

    private volatile Faults faults = Faults.NONE;
    private final AtomicInteger remaining = new AtomicInteger(-1);

    Faults current() {
        return faults;
    }

    void inject(Faults faults) {
        this.faults = faults;
        this.remaining.set(faults.remaining());
    }

    /** The fault to apply to this RP call, if any; counts down limited faults. */
    Faults next() {
        var current = faults;
        if ("none".equals(current.mode()) && current.delayMillis() == 0) {
            return Faults.NONE;
        }
        if (current.remaining() < 0) {
            return current;
        }
        if (remaining.getAndDecrement() > 0) {
            return current;
        }
        faults = Faults.NONE;
        return Faults.NONE;
    }
}
