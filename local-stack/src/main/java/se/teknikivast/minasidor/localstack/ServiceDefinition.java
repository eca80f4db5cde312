package se.teknikivast.minasidor.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * One of the five services as the local stack runs it: its module, its public port, its management port (health and
 * metrics; the service port + 10000, as in its application.yml), the arguments only the local stack gives it, and
 * the service that must be healthy before it starts.
 */
record ServiceDefinition(String name, int port, String contextPath, List<String> arguments, String startsAfter) {

    /** Actuator lives only here (docs/conventions.md): nothing routes the management ports from outside. */
    static final int MANAGEMENT_PORT_OFFSET = 10000;

    static final String LOCAL_SIGNING_KEYS_ENCRYPTION_KEY = "local-1:ntl2GYi2XnMkS6RAA1pfxDw/L3F1jSqYcJCTZj2dGbM=";

    ServiceDefinition {
        arguments = List.copyOf(arguments);
    }

    static List<ServiceDefinition> all(Path root) {
        var demo = root.resolve("local-stack/src/main/resources/demo").toAbsolutePath();
        return List.of(
                new ServiceDefinition(
                        "customer-service",
                        8081,
                        "",
                        List.of("--minasidor.customers.import-on-startup=" + demo.resolve("customers.jsonl")),
                        null),
                new ServiceDefinition("bankid-adapter", 8082, "", List.of("--spring.profiles.active=simulator"), null),
                new ServiceDefinition("notification-service", 8083, "", List.of(), null),
                new ServiceDefinition(
                        "auth-service",
                        9000,
                        "/auth",
                        List.of(
                                "--minasidor.demo.credentials-file=" + demo.resolve("credentials.jsonl"),
                                // The local stack's key for the signing keys at rest: public, like the demo client
                                // secrets, so it protects nothing; a deployment sets its own (auth-service/README).
                                "--minasidor.signing-keys.encryption-key=" + LOCAL_SIGNING_KEYS_ENCRYPTION_KEY),
                        null),
                // The gateway is configured with auth-service's endpoints, so it need not wait for it to start.
                new ServiceDefinition("gateway", 8080, "", List.of(), null));
    }

    String module() {
        return name;
    }

    Path jar(Path root) {
        return root.resolve(module()).resolve("target").resolve(module() + ".jar");
    }

    String baseUrl() {
        return "http://localhost:" + port + contextPath;
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
