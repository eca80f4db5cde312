package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the five services as the local stack runs it: its module, its public port, its management port (health and
 * metrics; the service port + 10000, as in its application.yml), its profiles and the arguments only the local stack
 * gives it. All five start at once: each waits for what it needs by itself (JWKS on the first token, say).
 */
record ServiceDefinition(
        String name, String instance, int port, String contextPath, List<String> profiles, List<String> arguments) {

    /** Actuator lives only here (docs/conventions.md): nothing routes the management ports from outside. */
    static final int MANAGEMENT_PORT_OFFSET = 10000;

    /**
     * The demo secrets of each service's application-local.yml; without this profile a service refuses to start with
     * them (deployment-safety).
     */
    static final String LOCAL_PROFILE = "local";

    /** Every listener on the loopback interface only: the tester page approves BankID logins, for one. */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * With {@code --instances=N} (N > 1), instance i of a service listens on its usual port + i × this, and a load
     * balancer on the usual port sends to all of them: gateway-1 on 8180, gateway-2 on 8280, auth-service-2 on 9200.
     */
    static final int INSTANCE_PORT_STEP = 100;

    /**
     * The BankID simulator of a scaled-out stack: one bankid-adapter JVM that only plays BankID (its RP API, tester
     * page and virtual phone), so that every adapter instance talks to the same BankID, as they would in production.
     */
    static final String SIMULATOR = "bankid-simulator";

    static final int SIMULATOR_PORT = 8092;

    ServiceDefinition {
        profiles = List.copyOf(profiles);
        arguments = List.copyOf(arguments);
    }

    /** A service run once: its instance is called like the service. */
    ServiceDefinition(String name, int port, String contextPath, List<String> profiles, List<String> arguments) {
        this(name, name, port, contextPath, profiles, arguments);
    }

    /**
     * Instance {@code index} (1…) of this service in a scaled-out stack, on its own ports, named {@code <name>-<index>}
     * (its log, its pid record, its line in {@code ./mina-sidor status}). A bankid-adapter instance calls the shared
     * {@link #SIMULATOR} instead of the simulator in its own JVM.
     */
    ServiceDefinition instance(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("instances are numbered from 1: " + index);
        }
        var extra = new ArrayList<>(arguments);
        extra.add("--server.port=" + (port + index * INSTANCE_PORT_STEP));
        extra.add("--management.server.port=" + (port + index * INSTANCE_PORT_STEP + MANAGEMENT_PORT_OFFSET));
        if (name.equals("bankid-adapter")) {
            extra.add("--minasidor.bankid.rp.base-url=http://localhost:" + SIMULATOR_PORT + "/rp/v6.0");
        }
        if (name.equals("gateway")) {
            // The balancer in front is the proxy whose X-Forwarded-For (the browser's address, set by it) the
            // gateway believes: per-client limits count browsers, not the balancer.
            extra.add("--minasidor.gateway.client-ip.trusted-proxies=127.0.0.1/32");
        }
        return new ServiceDefinition(
                name, name + "-" + index, port + index * INSTANCE_PORT_STEP, contextPath, profiles, extra);
    }

    /** The shared BankID simulator of a scaled-out stack (see {@link #SIMULATOR}). */
    static ServiceDefinition simulator() {
        return new ServiceDefinition(
                "bankid-adapter",
                SIMULATOR,
                SIMULATOR_PORT,
                "",
                List.of(LOCAL_PROFILE, "simulator"),
                List.of(
                        "--server.port=" + SIMULATOR_PORT,
                        "--management.server.port=" + (SIMULATOR_PORT + MANAGEMENT_PORT_OFFSET)));
    }

    static List<ServiceDefinition> all(Path root) {
        var demo = root.resolve("local-stack/src/main/resources/demo").toAbsolutePath();
        var local = List.of(LOCAL_PROFILE);
        return List.of(
                new ServiceDefinition(
                        "customer-service",
                        8081,
                        "",
                        local,
                        List.of("--minasidor.customers.import-on-startup=" + demo.resolve("customers.jsonl"))),
                new ServiceDefinition("bankid-adapter", 8082, "", List.of(LOCAL_PROFILE, "simulator"), List.of()),
                new ServiceDefinition(
                        "notification-service",
                        8083,
                        "",
                        local,
                        // Letters go where the local inbox shows them (http://localhost:13080/letters).
                        List.of("--minasidor.notification.letters.print-queue=" + printQueue(root))),
                new ServiceDefinition(
                        "auth-service",
                        9000,
                        "/auth",
                        local,
                        List.of("--minasidor.demo.credentials-file=" + demo.resolve("credentials.jsonl"))),
                // The gateway is configured with auth-service's endpoints, so it need not wait for it to start.
                new ServiceDefinition("gateway", 8080, "", local, List.of()));
    }

    /** What follows {@code java -jar <module>.jar}: profiles, loopback-only listeners, the service's own arguments. */
    List<String> commandLineArguments() {
        var all = new ArrayList<String>();
        all.add("--spring.profiles.active=" + String.join(",", profiles));
        all.add("--server.address=" + LOOPBACK);
        all.add("--management.server.address=" + LOOPBACK);
        all.addAll(arguments);
        return List.copyOf(all);
    }

    /** Where notification-service puts letters (PDF) in the local stack, as a print house would collect them. */
    static Path printQueue(Path root) {
        return root.resolve(".local-stack/print-queue").toAbsolutePath();
    }

    /** The module is named like the service, and its Boot jar like the module (the root pom's finalName). */
    Path jar(Path root) {
        return root.resolve(name).resolve("target").resolve(name + ".jar");
    }

    String baseUrl() {
        return "http://localhost:" + port + contextPath;
    }

    /**
     * The service's Kafka password from its local profile ({@code MINASIDOR_KAFKA_PASSWORD} in its
     * application-local.yml, the one place the demo value is written); empty for a service without Kafka. The local
     * stack's broker gives the service's Kafka user (named like the service) this password.
     */
    Optional<String> kafkaPassword(Path root) {
        return localSecret(root, "MINASIDOR_KAFKA_PASSWORD");
    }

    /** As {@link #kafkaPassword}, for the service's Redis user ({@code MINASIDOR_REDIS_PASSWORD}). */
    Optional<String> redisPassword(Path root) {
        return localSecret(root, "MINASIDOR_REDIS_PASSWORD");
    }

    private Optional<String> localSecret(Path root, String variable) {
        var file = root.resolve(name).resolve("src/main/resources/application-local.yml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        var pattern = Pattern.compile(Pattern.quote(variable) + ":\\s*\"?([^\"\\s]+)\"?\\s*");
        try (var lines = Files.lines(file)) {
            return lines.map(pattern::matcher)
                    .filter(Matcher::matches)
                    .map(matcher -> matcher.group(1))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int managementPort() {
        return port + MANAGEMENT_PORT_OFFSET;
    }

    /** The management port has no servlet context path of its own ({@code management.server.base-path} is "/"). */
    String managementUrl() {
        return "http://localhost:" + managementPort();
    }

    String healthUrl() {
        return managementUrl() + "/actuator/health";
    }

    String prometheusUrl() {
        return managementUrl() + "/actuator/prometheus";
    }
}
