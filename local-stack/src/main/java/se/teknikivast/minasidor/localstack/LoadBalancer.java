package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;

/**
 * The load balancers of a scaled-out stack ({@code ./mina-sidor up --instances=N}): one HAProxy process with a
 * frontend on each service's usual port, round-robin over that service's instances. Everything that called
 * {@code localhost:9000} before (the gateway, the internal teams) now reaches whichever auth-service instance is
 * ready. The public origin {@code localhost:8080} is the gateway group.
 *
 * <p>What a customer may see when an instance dies is decided here:
 *
 * <ul>
 *   <li>Health is checked on each instance's management port (its readiness group), every second; two misses take
 *       an instance out, two passes put it back. An instance shutting down gracefully turns not-ready first.
 *   <li>A request whose connection was refused (the instance is gone, not yet marked down) is sent again to another
 *       instance ({@code retry-on conn-failure}, {@code redispatch}): the request never reached the dead one, so it
 *       is safe for a POST too. Nothing else is retried: a POST that reached an instance which then died may have
 *       been done, and a second copy could register twice.
 *   <li>A request that was in flight on an instance killed under it gets the gateway's own "tillfälligt
 *       otillgänglig" page (Swedish, "försök igen") with its 502/503/504 status, never HAProxy's English default —
 *       when it came on a new connection. On a kept-alive connection HAProxy closes without an answer, as the
 *       instance did, so that the browser's own rule for a connection closed under it applies.
 *   <li>An instance marked down keeps the requests it has (no {@code shutdown-sessions}): one that turned not-ready
 *       because it is shutting down gracefully finishes them.
 * </ul>
 *
 * <p>The BankID simulator is "BankID itself": one JVM ({@link ServiceDefinition#simulator()}) that every adapter
 * instance calls; its pages (tester, virtual phone, RP API) keep their address on port 8082.
 *
 * <p>Statistics (CSV: {@code http://localhost:13090/;csv}) show each instance's state; the admin socket
 * ({@code 127.0.0.1:13091}) lets {@code ./mina-sidor restart} drain an instance before stopping it.
 */
final class LoadBalancer implements AutoCloseable {

    static final int STATS_PORT = 13090;
    static final int ADMIN_PORT = 13091;

    /** The readiness group: an instance that is shutting down, or cannot reach its database, is taken out. */
    static final String HEALTH_PATH = "/actuator/health/readiness";

    private static final String PREFIX = "[local-stack] ";

    private final Process process;

    private LoadBalancer(Process process) {
        this.process = process;
    }

    /** The ports the balancers listen on (each service's usual port, the statistics and the admin socket). */
    static Map<Integer, String> ports(List<ServiceDefinition> services) {
        var ports = new LinkedHashMap<Integer, String>();
        services.forEach(s -> ports.put(s.port(), "the load balancer of " + s.name()));
        ports.put(STATS_PORT, "the load balancers' statistics");
        ports.put(ADMIN_PORT, "the load balancers' admin socket");
        return ports;
    }

    /**
     * The HAProxy configuration for these services (each with its instances) and the simulator (none: null).
     *
     * @param errorPages the files HAProxy answers 502, 503 and 504 with (complete HTTP responses)
     */
    static String configuration(
            Map<ServiceDefinition, List<ServiceDefinition>> groups,
            ServiceDefinition simulator,
            Map<Integer, Path> errorPages) {
        return configuration(groups, simulator, errorPages, STATS_PORT, ADMIN_PORT);
    }

    static String configuration(
            Map<ServiceDefinition, List<ServiceDefinition>> groups,
            ServiceDefinition simulator,
            Map<Integer, Path> errorPages,
            int statsPort,
            int adminPort) {
        var text = new StringBuilder();
        text.append("""
                # Written by ./mina-sidor up --instances=N (local-stack's LoadBalancer); rewritten at every start.
                global
                    log stdout format raw local0 notice
                    maxconn 4096
                    stats socket ipv4@127.0.0.1:%d level admin

                defaults
                    mode http
                    log global
                    option dontlognull
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    # A client that has not sent its whole request head in 10 s is dropped (slowloris) at the edge.
                    timeout http-request 10s
                    timeout http-keep-alive 10s
                    retries 2
                    retry-on conn-failure
                    option redispatch 1
                    default-server inter 1s fall 2 rise 2
                """.formatted(adminPort));
        errorPages.forEach((status, file) -> text.append("    errorfile %d %s%n".formatted(status, file)));
        text.append("""

                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /
                    stats refresh 2s
                """.formatted(statsPort));
        groups.forEach((service, instances) -> {
            text.append("\nfrontend %s%n".formatted(service.name()));
            text.append("    bind 127.0.0.1:%d%n".formatted(service.port()));
            if (service.name().equals("bankid-adapter") && simulator != null) {
                text.append("    # BankID's own pages and RP API: the one simulator, not an adapter instance.\n");
                text.append("    acl bankid_itself path_beg /rp/ /simulator\n");
                text.append("    use_backend %s if bankid_itself%n".formatted(simulator.instance()));
            }
            if (service.name().equals("gateway")) {
                text.append(
                        "    # The browser's address for the gateway's per-client limits; whatever the browser sent is replaced.\n");
                text.append("    http-request set-header X-Forwarded-For %[src]\n");
            }
            text.append("    default_backend %s%n".formatted(service.name()));
            text.append(backend(service.name(), instances));
        });
        if (simulator != null) {
            text.append(backend(simulator.instance(), List.of(simulator)));
        }
        return text.toString();
    }

    private static String backend(String name, List<ServiceDefinition> instances) {
        var text = new StringBuilder();
        text.append("\nbackend %s%n".formatted(name));
        text.append("    balance roundrobin\n");
        text.append("    option httpchk GET %s%n".formatted(HEALTH_PATH));
        text.append("    http-check expect status 200\n");
        instances.forEach(instance -> text.append("    server %s 127.0.0.1:%d check port %d%n"
                .formatted(instance.instance(), instance.port(), instance.managementPort())));
        return text.toString();
    }

    /** HAProxy from the PATH or /usr/sbin (Debian's package {@code haproxy}). */
    static Optional<Path> executable() {
        var path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/usr/local/sbin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "haproxy"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Writes the configuration and the error pages under {@code state/haproxy}, checks the configuration and starts
     * HAProxy in the foreground as a child of the launcher, logging to {@code logs/haproxy.log}; returns once every
     * frontend listens.
     */
    static LoadBalancer start(
            Path root,
            Path state,
            Path logs,
            Map<ServiceDefinition, List<ServiceDefinition>> groups,
            ServiceDefinition simulator,
            ProcessRecords records,
            PrintStream out) {
        return start(root, state, logs, groups, simulator, records, out, STATS_PORT, ADMIN_PORT);
    }

    /** As above, with the statistics and the admin socket on these ports. */
    static LoadBalancer start(
            Path root,
            Path state,
            Path logs,
            Map<ServiceDefinition, List<ServiceDefinition>> groups,
            ServiceDefinition simulator,
            ProcessRecords records,
            PrintStream out,
            int statsPort,
            int adminPort) {
        var haproxy = executable()
                .orElseThrow(() -> new IllegalStateException(
                        "--instances needs HAProxy as the load balancer: apt-get install haproxy (Debian's package)"));
        try {
            var directory = state.resolve("haproxy");
            Files.createDirectories(directory);
            var errorPages = writeErrorPages(root, directory);
            var config = directory.resolve("haproxy.cfg");
            Files.writeString(config, configuration(groups, simulator, errorPages, statsPort, adminPort));
            var check = new ProcessBuilder(haproxy.toString(), "-c", "-q", "-f", config.toString())
                    .redirectErrorStream(true)
                    .start();
            var checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (check.waitFor() != 0) {
                throw new IllegalStateException("HAProxy refuses " + config + ":\n" + checkOutput);
            }
            var process = new ProcessBuilder(haproxy.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve("haproxy.log").toFile())
                    .start();
            records.record("haproxy", process.pid(), config.toString());
            var deadline = Instant.now().plus(Duration.ofSeconds(10));
            for (var service : groups.keySet()) {
                while (!Ports.isListening(service.port())) {
                    if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                        process.destroyForcibly();
                        throw new IllegalStateException("HAProxy did not start; see " + logs.resolve("haproxy.log"));
                    }
                    Thread.sleep(50);
                }
            }
            out.println(PREFIX + "HAProxy: a balancer on each service's port, statistics on http://localhost:"
                    + statsPort + "/");
            return new LoadBalancer(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The gateway's own "tillfälligt otillgänglig" page (gateway/src/main/resources/pages) as a complete HTTP response
     * for each status HAProxy may have to answer itself.
     */
    static Map<Integer, Path> writeErrorPages(Path root, Path directory) throws IOException {
        var page = Files.readString(root.resolve("gateway/src/main/resources/pages/otillganglig.html"));
        var body = page.getBytes(StandardCharsets.UTF_8);
        var reasons = Map.of(502, "Bad Gateway", 503, "Service Unavailable", 504, "Gateway Timeout");
        var files = new LinkedHashMap<Integer, Path>();
        for (var status : List.of(502, 503, 504)) {
            var head = ("HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
                            + "Cache-Control: no-store\r\nRetry-After: 30\r\nConnection: close\r\n\r\n")
                    .formatted(status, reasons.get(status), body.length);
            var file = directory.resolve(status + ".http");
            try (var output = Files.newOutputStream(file)) {
                output.write(head.getBytes(StandardCharsets.US_ASCII));
                output.write(body);
            }
            files.put(status, file);
        }
        return files;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
