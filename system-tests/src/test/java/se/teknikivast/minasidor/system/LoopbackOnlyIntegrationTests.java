package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The network neighbour on the same Wi-Fi as a developer: the local stack's BankID tester page approves logins, its
 * PostgreSQL trusts every local connection, its demo secrets are public. Every port it listens on is bound to
 * 127.0.0.1 only, so nothing of it is reachable from another machine. Read from the kernel's socket table
 * ({@code /proc/net/tcp} and {@code tcp6}), which lists every listening socket with its address.
 */
@ExtendWith(RunningSystem.class)
class LoopbackOnlyIntegrationTests {

    /** Services, their management ports, PostgreSQL, Redis, Kafka and its controller, SMTP and the web inbox. */
    static final Set<Integer> STACK_PORTS = Set.of(
            8080, 8081, 8082, 8083, 9000, 18080, 18081, 18082, 18083, 19000, 15432, 16379, 19092, 19093, 13025, 13080);

    private static final String LISTEN = "0A";
    private static final String LOOPBACK_V4 = "0100007F";
    /** 127.0.0.1 as a Java dual-stack socket shows it: the IPv4-mapped IPv6 address ::ffff:127.0.0.1. */
    private static final String LOOPBACK_V4_MAPPED = "0000000000000000FFFF0000" + LOOPBACK_V4;

    record Listener(String table, String address, int port) {}

    @Test
    void everyPortOfTheStackListensOn127001Only() throws IOException {
        assumeThat(Path.of("/proc/net/tcp")).as("a Linux socket table").exists();
        var listeners = new ArrayList<Listener>();
        listeners.addAll(listening("/proc/net/tcp"));
        listeners.addAll(listening("/proc/net/tcp6"));
        var ours =
                listeners.stream().filter(l -> STACK_PORTS.contains(l.port())).toList();

        assertThat(ours.stream().map(Listener::port).distinct())
                .as("the stack's ports found listening")
                .containsExactlyInAnyOrderElementsOf(STACK_PORTS);
        assertThat(ours)
                .as("listeners not bound to 127.0.0.1")
                .allMatch(l -> l.address().equals(LOOPBACK_V4) || l.address().equals(LOOPBACK_V4_MAPPED));
    }

    private static List<Listener> listening(String table) throws IOException {
        var path = Path.of(table);
        if (!Files.exists(path)) {
            return List.of();
        }
        var listeners = new ArrayList<Listener>();
        for (var line : Files.readAllLines(path).stream().skip(1).toList()) {
            var fields = line.trim().split("\\s+");
            if (fields[3].equals(LISTEN)) {
                var local = fields[1].split(":");
                listeners.add(new Listener(table, local[0], Integer.parseInt(local[1], 16)));
            }
        }
        return listeners;
    }
}
