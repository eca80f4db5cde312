package se.teknikivast.minasidor.bankid.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import se.teknikivast.minasidor.bankid.message.Launch;

/**
 * Business meters. Labels are small closed sets (launch, hint code, source): never an order reference, IP or
 * personal number. Hint codes BankID adds later are counted as {@code other} until we know them.
 */
final class IdentificationMetrics {

    private static final Set<String> KNOWN_FAILURES = Set.of(
            "expiredTransaction",
            "certificateErr",
            "userCancel",
            "cancelled",
            "startFailed",
            "userDeclinedCall",
            "notSupportedByUserApp",
            "transactionRiskBlocked");

    private final MeterRegistry meters;
    private final Counter completed;
    private final Timer collectFromBankId;
    private final Timer collectFromCache;

    IdentificationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.completed = Counter.builder("bankid.orders.completed")
                .description("BankID orders completed")
                .register(meters);
        this.collectFromBankId = collectTimer("bankid");
        this.collectFromCache = collectTimer("cache");
        // Every label value registered now, so that the BankID dashboard shows 0 rather than no series.
        for (var launch : Launch.values()) {
            meters.counter("bankid.orders.started", "launch", launch.name().toLowerCase(Locale.ROOT));
        }
        KNOWN_FAILURES.forEach(hintCode -> meters.counter("bankid.orders.failed", "hint_code", hintCode));
        meters.counter("bankid.orders.failed", "hint_code", "other");
        duration("complete");
        duration("failed");
    }

    private Timer collectTimer(String source) {
        return Timer.builder("bankid.collect")
                .description("Adapter collect latency, by whether BankID was asked or the cached answer served")
                .tag("source", source)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
    }

    void started(Launch launch) {
        meters.counter("bankid.orders.started", "launch", launch.name().toLowerCase(Locale.ROOT))
                .increment();
    }

    void completed() {
        completed.increment();
    }

    /** Time from the order's start to BankID's final answer: what the customer waited, by outcome. */
    void finished(String status, Duration sinceStart) {
        duration(status).record(sinceStart.isNegative() ? Duration.ZERO : sinceStart);
    }

    private Timer duration(String status) {
        return Timer.builder("bankid.orders.duration")
                .description("Time from starting a BankID order to its final status")
                .tag("status", status)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(meters);
    }

    void failed(String hintCode) {
        var tag = hintCode != null && KNOWN_FAILURES.contains(hintCode) ? hintCode : "other";
        meters.counter("bankid.orders.failed", "hint_code", tag).increment();
    }

    void collected(boolean fromBankId, long nanos) {
        (fromBankId ? collectFromBankId : collectFromCache).record(Duration.ofNanos(nanos));
    }
}
