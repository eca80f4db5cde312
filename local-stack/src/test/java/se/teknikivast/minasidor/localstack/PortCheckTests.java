package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;

class PortCheckTests {

    @Test
    void reportsEveryTakenPortWithWhatNeedsIt() throws Exception {
        try (var redis = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var gateway = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = Ports.freePort();
            var needed = new LinkedHashMap<Integer, String>();
            needed.put(redis.getLocalPort(), "Redis");
            needed.put(free, "PostgreSQL");
            needed.put(gateway.getLocalPort(), "gateway");

            var taken = PortCheck.taken(needed);

            assertThat(taken).containsOnlyKeys(redis.getLocalPort(), gateway.getLocalPort());
            assertThat(PortCheck.explain(taken))
                    .contains("port %d (Redis)".formatted(redis.getLocalPort()))
                    .contains("port %d (gateway)".formatted(gateway.getLocalPort()))
                    .contains("nothing was started")
                    .contains("./mina-sidor down")
                    .doesNotContain(String.valueOf(free));
        }
    }

    @Test
    void refusesToStartWhenAPortIsTakenBeforeStartingAnything() throws Exception {
        // A running local stack holds the port already; this test needs to be the one holding it.
        assumeFalse(Ports.isListening(LocalInfrastructure.INBOX_PORT), "a local stack is running on this machine");
        try (var clash = new ServerSocket(LocalInfrastructure.INBOX_PORT, 1, InetAddress.getLoopbackAddress())) {
            var root = java.nio.file.Files.createTempDirectory("local-stack-");
            var output = new java.io.ByteArrayOutputStream();
            var stack = new LocalStack(
                    root,
                    java.util.Set.of(),
                    false,
                    java.time.Duration.ofSeconds(1),
                    1,
                    java.time.Instant.now(),
                    new java.io.PrintStream(output, true, java.nio.charset.StandardCharsets.UTF_8));

            int status = stack.up();

            assertThat(status).isEqualTo(2);
            assertThat(output.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("port %d (the web inbox)".formatted(LocalInfrastructure.INBOX_PORT));
            assertThat(root.resolve(".local-stack")).doesNotExist();
        }
    }
}
