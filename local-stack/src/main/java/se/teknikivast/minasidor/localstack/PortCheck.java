package se.teknikivast.minasidor.localstack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;

/** Checks every port the stack needs before anything starts, so a clash is one clear message, not a half-up stack. */
final class PortCheck {

    private PortCheck() {}

    /** The ports of {@code needed} (port → what needs it) that something already listens on. */
    static Map<Integer, String> taken(Map<Integer, String> needed) {
        var taken = new LinkedHashMap<Integer, String>();
        needed.forEach((port, what) -> {
            if (Ports.isListening(port)) {
                taken.put(port, what);
            }
        });
        return taken;
    }

    static String explain(Map<Integer, String> taken) {
        var lines = taken.entrySet().stream()
                .map(e -> "  port %d (%s)".formatted(e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
        var ports = taken.keySet().stream().map(String::valueOf).collect(Collectors.joining("|"));
        return """
                These ports are already in use, so nothing was started:
                %s
                Is a local stack already running? Try ./mina-sidor status or ./mina-sidor down.
                Otherwise see who listens there: ss -ltnp | grep -E ':(%s)\\b'""".formatted(lines, ports);
    }
}
