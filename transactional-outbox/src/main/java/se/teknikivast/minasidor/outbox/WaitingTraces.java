package se.teknikivast.minasidor.outbox;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The trace headers (W3C {@code traceparent}) of the requests whose messages wait in the outbox, so the consumer
 * continues the request's trace. Kept in memory only, at most 10,000: after a restart a waiting message starts a new
 * trace, which is fine for tracing. With tracing off it keeps nothing.
 */
class WaitingTraces {

    private static final int MAX_WAITING = 10_000;

    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;
    private final Map<UUID, Map<String, String>> waiting = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Map<String, String>> eldest) {
            return size() > MAX_WAITING;
        }
    };

    WaitingTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Remembers the current trace for a message just written. */
    void remember(UUID messageId) {
        var current = tracer.getIfAvailable();
        var headers = propagator.getIfAvailable();
        var context = current == null ? null : current.currentTraceContext().context();
        if (headers == null || context == null) {
            return;
        }
        var carrier = new LinkedHashMap<String, String>();
        headers.inject(context, carrier, Map::put);
        synchronized (waiting) {
            waiting.put(messageId, carrier);
        }
    }

    /** The headers remembered for a message, once (null when none). */
    Map<String, String> take(UUID messageId) {
        synchronized (waiting) {
            return waiting.remove(messageId);
        }
    }
}
