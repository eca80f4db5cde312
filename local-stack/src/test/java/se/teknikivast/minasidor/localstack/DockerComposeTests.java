package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Images cannot be pulled on the build machines, so {@code docker compose up} cannot run in CI. Instead this test
 * reads docker-compose.yml, the Dockerfiles and the Prometheus configuration and holds them against each service's
 * real {@code application.yml}: a port or an environment variable that no longer matches the service fails here.
 */
class DockerComposeTests {

    private static final Path ROOT =
            Path.of(System.getProperty("minasidor.root", "..")).toAbsolutePath().normalize();

    /** Ports fixed in docs/conventions.md, the same for the local stack and compose. */
    private static final Map<String, Integer> CONVENTION_PORTS = Map.of(
            "gateway", 8080,
            "customer-service", 8081,
            "bankid-adapter", 8082,
            "notification-service", 8083,
            "auth-service", 9000);

    /** Variables the JVM reads itself, not Spring. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::[^}]*)?}");
    private static final Pattern HOST_AND_PORT = Pattern.compile("(?:^|//|,)([a-z][a-z0-9-]*):(\\d+)(/[^\\s,]*)?");

    private static Map<String, Object> services;

    @BeforeAll
    static void readCompose() throws IOException {
        services = map(yaml(ROOT.resolve("docker-compose.yml")).getFirst().get("services"));
    }

    static Stream<String> modules() {
        return CONVENTION_PORTS.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void publishesTheServersOwnPortOnTheConventionPort(String module) throws IOException {
        var config = ServiceConfig.of(module, Set.of());
        assertThat(config.port())
                .as("%s: server.port in application.yml vs docs/conventions.md", module)
                .isEqualTo(CONVENTION_PORTS.get(module));

        var ports = strings(service(module).get("ports"));
        assertThat(ports)
                .as("%s: ports in docker-compose.yml", module)
                .containsExactly("127.0.0.1:%1$d:%1$d".formatted(config.port()));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void hasItsManagementPortAtServicePortPlus10000OnlyInsideTheComposeNetwork(String module) throws IOException {
        var config = ServiceConfig.of(module, Set.of());
        assertThat(config.managementPort())
                .as("%s: management.server.port in application.yml (docs/conventions.md)", module)
                .isEqualTo(CONVENTION_PORTS.get(module) + ServiceDefinition.MANAGEMENT_PORT_OFFSET);
        assertThat(strings(service(module).get("expose")))
                .as("%s: expose in docker-compose.yml (Prometheus scrapes it)", module)
                .contains(String.valueOf(config.managementPort()));
        assertThat(strings(service(module).get("ports")))
                .as("%s: the management port is not published", module)
                .noneMatch(port -> port.endsWith(":" + config.managementPort()));

        var local = ServiceDefinition.all(ROOT).stream()
                .filter(s -> s.name().equals(module))
                .findFirst()
                .orElseThrow();
        assertThat(local.managementPort())
                .as("%s: the local stack's health checks", module)
                .isEqualTo(config.managementPort());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void runsTheDemoWithTheLocalProfileWhoseDemoSecretsItDoesNotRepeat(String module) throws IOException {
        var environment = environment(module);
        var profiles =
                List.of(environment.getOrDefault("SPRING_PROFILES_ACTIVE", "").split(","));
        assertThat(profiles).as("%s: SPRING_PROFILES_ACTIVE", module).contains("local");
        assertThat(profiles)
                .as("%s: the same profiles as the local stack", module)
                .containsExactlyInAnyOrderElementsOf(ServiceDefinition.all(ROOT).stream()
                        .filter(s -> s.name().equals(module))
                        .findFirst()
                        .orElseThrow()
                        .profiles());

        var demoSecrets = demoSecrets(module);
        assertThat(environment.keySet())
                .as("%s: demo secrets belong in application-local.yml only", module)
                .noneMatch(demoSecrets::contains);
    }

    @Test
    void publishesEveryPortOnTheLoopbackInterfaceOnly() {
        services.keySet()
                .forEach(service -> assertThat(strings(service(service).get("ports")))
                        .as("%s: ports", service)
                        .allMatch(port -> port.startsWith("127.0.0.1:")));
    }

    /** The UPPER_CASE keys of a service's application-local.yml: the variables a deployment must set. */
    static Set<String> demoSecrets(String module) throws IOException {
        var names = new LinkedHashSet<String>();
        for (var document : yaml(ROOT.resolve(module).resolve("src/main/resources/application-local.yml"))) {
            document.keySet().stream()
                    .filter(key -> key.matches("[A-Z][A-Z0-9_]*"))
                    .forEach(names::add);
        }
        return names;
    }

    @ParameterizedTest
    @MethodSource("modules")
    void isBuiltFromTheOneDockerfileWithItsModuleAndPortsAsBuildArguments(String module) throws IOException {
        var config = ServiceConfig.of(module, Set.of());
        var build = map(service(module).get("build"));
        assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "Dockerfile");
        assertThat(map(build.get("args")))
                .as("%s: build args", module)
                .containsEntry("MODULE", module)
                .containsEntry("PORT", String.valueOf(config.port()))
                .containsEntry("MANAGEMENT_PORT", String.valueOf(config.managementPort()));
    }

    /** Five copies that differed in two words drifted; one recipe with arguments cannot. */
    @Test
    void noServiceHasADockerfileOfItsOwn() {
        assertThat(CONVENTION_PORTS.keySet())
                .allSatisfy(module -> assertThat(ROOT.resolve(module).resolve("Dockerfile"))
                        .as("%s/Dockerfile", module)
                        .doesNotExist());
        assertThat(services.keySet().stream()
                        .filter(name -> service(name).containsKey("build"))
                        .toList())
                .as("services built from source")
                .containsExactlyInAnyOrderElementsOf(CONVENTION_PORTS.keySet());
    }

    @Test
    void theDockerfileBuildsTheModuleRunsItAsNonRootWithAHealthcheckAndAnAotCache() throws IOException {
        var dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile)
                .containsPattern("(?m)^FROM eclipse-temurin:25-jdk AS build$")
                .containsPattern("(?m)^FROM eclipse-temurin:25-jre$")
                .containsPattern("(?m)^ARG MODULE$")
                .containsPattern("(?m)^ARG PORT$")
                .containsPattern("(?m)^ARG MANAGEMENT_PORT$")
                .contains("-pl \"${MODULE}\" -am")
                .contains("-Djarmode=tools -jar application.jar extract --layers")
                .containsPattern("(?m)^USER [1-9][0-9]*")
                .containsPattern("(?m)^EXPOSE \\$\\{PORT} \\$\\{MANAGEMENT_PORT}$")
                .contains("/dev/tcp/127.0.0.1/${MANAGEMENT_PORT}")
                .contains("GET /actuator/health/readiness ")
                .contains("HEALTHCHECK")
                // The cache is written by a training run in the final image and used at every start.
                .contains("-XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh")
                .contains("\"-XX:AOTCache=app.aot\"");
        // The training run must not need what a build does not have.
        assertThat(dockerfile)
                .contains("--spring.flyway.enabled=false")
                .contains("--spring.kafka.admin.auto-create=false")
                .contains("--spring.session.data.redis.configure-action=none");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyEnvironmentVariableOverridesSomethingTheServiceReads(String module) throws IOException {
        var environment = environment(module);
        var profiles =
                Set.of(environment.getOrDefault("SPRING_PROFILES_ACTIVE", "").split(","));
        var config = ServiceConfig.of(module, profiles);

        var unknown = new ArrayList<String>();
        environment.keySet().forEach(name -> {
            if (!JVM_VARIABLES.contains(name) && !config.reads(name)) {
                unknown.add(name);
            }
        });

        assertThat(unknown)
                .as(
                        "%s: environment variables in docker-compose.yml that match no property and no ${…}"
                                + " placeholder in %s/src/main/resources/application*.yml",
                        module, module)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void reachesOtherContainersByServiceNameOnPortsTheyListenOn(String module) throws IOException {
        var problems = new ArrayList<String>();
        environment(module).forEach((name, value) -> {
            var matcher = HOST_AND_PORT.matcher(value);
            while (matcher.find()) {
                var host = matcher.group(1);
                int port = Integer.parseInt(matcher.group(2));
                var path = matcher.group(3) == null ? "" : matcher.group(3);
                if (host.equals("localhost")) {
                    if (!name.equals("MINASIDOR_ISSUER") && !name.equals("MINASIDOR_PUBLIC_BASE_URL")) {
                        problems.add(name + " points at localhost, which is the container itself");
                    }
                    continue;
                }
                if (!services.containsKey(host)) {
                    problems.add(name + " names " + host + ", which is no service in docker-compose.yml");
                    continue;
                }
                var listens = listeningPorts(host);
                if (!listens.contains(port)) {
                    problems.add(name + " uses " + host + ":" + port + " but " + host + " listens on " + listens);
                }
                if (CONVENTION_PORTS.containsKey(host)) {
                    try {
                        var contextPath = ServiceConfig.of(host, Set.of()).contextPath();
                        // A base URI (no path) is fine: the caller appends the context path itself.
                        if (!path.isEmpty() && !path.startsWith(contextPath)) {
                            problems.add(name + " misses " + host + "'s context path " + contextPath);
                        }
                    } catch (IOException e) {
                        problems.add(e.toString());
                    }
                }
            }
        });
        assertThat(problems).as(module).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void tokensNameThePublicIssuerAsTheBrowserSeesIt(String module) {
        var environment = environment(module);
        if (environment.containsKey("MINASIDOR_ISSUER")) {
            assertThat(environment.get("MINASIDOR_ISSUER")).isEqualTo("http://localhost:8080/auth");
        }
        if (environment.containsKey("MINASIDOR_JWKS_URI")) {
            assertThat(environment.get("MINASIDOR_JWKS_URI")).isEqualTo("http://auth-service:9000/auth/oauth2/jwks");
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void waitsForTheHealthOfTheInfrastructureItUses(String module) {
        var dependsOn = map(service(module).getOrDefault("depends_on", Map.of()));
        var used = new LinkedHashSet<String>();
        environment(module).values().forEach(value -> {
            var matcher = HOST_AND_PORT.matcher(value);
            while (matcher.find()) {
                var host = matcher.group(1);
                // Services call each other lazily (JWKS on the first token), so only infrastructure is a must.
                if (services.containsKey(host) && !CONVENTION_PORTS.containsKey(host)) {
                    used.add(host);
                }
            }
        });
        assertThat(dependsOn.keySet()).as("%s: depends_on", module).containsAll(used);
        dependsOn.forEach((dependency, condition) -> {
            assertThat(map(condition))
                    .as("%s waits for %s", module, dependency)
                    .containsEntry("condition", "service_healthy");
            assertThat(hasHealthcheck(dependency))
                    .as("%s has a healthcheck", dependency)
                    .isTrue();
        });
    }

    @Test
    void createsEveryDatabaseTheServicesConnectTo() throws IOException {
        var init = new StringBuilder();
        try (var files = Files.list(ROOT.resolve("ops/postgres/init"))) {
            for (var file : files.toList()) {
                init.append(Files.readString(file).toLowerCase(Locale.ROOT));
            }
        }
        var databases = new ArrayList<String>();
        for (var module : CONVENTION_PORTS.keySet()) {
            var url = environment(module).get("SPRING_DATASOURCE_URL");
            if (url != null) {
                databases.add(url.substring(url.lastIndexOf('/') + 1));
            }
        }
        assertThat(databases).containsExactlyInAnyOrderElementsOf(LocalInfrastructure.DATABASES);
        databases.forEach(db -> assertThat(init.toString()).contains("create database " + db + ";"));
    }

    @Test
    void prometheusScrapesEveryServicesMetricsEndpoint() throws IOException {
        var jobs = new LinkedHashMap<String, String>();
        for (var job : list(
                yaml(ROOT.resolve("ops/prometheus/prometheus.yml")).getFirst().get("scrape_configs"))) {
            var scrape = map(job);
            for (var staticConfig : list(scrape.get("static_configs"))) {
                for (var target : strings(map(staticConfig).get("targets"))) {
                    jobs.put(target, String.valueOf(scrape.get("metrics_path")));
                }
            }
        }
        for (var module : CONVENTION_PORTS.keySet()) {
            var config = ServiceConfig.of(module, Set.of());
            assertThat(jobs)
                    .as("a scrape job for %s on its management port", module)
                    .containsEntry(module + ":" + config.managementPort(), "/actuator/prometheus");
            assertThat(String.valueOf(config.value("management.endpoints.web.exposure.include")))
                    .as("%s exposes /actuator/prometheus", module)
                    .contains("prometheus");
        }
    }

    @Test
    void grafanaReadsThePrometheusOfThisFileAndItsDashboardsUseIt() throws IOException {
        var datasource = map(list(yaml(ROOT.resolve("ops/grafana/provisioning/datasources/prometheus.yml"))
                        .getFirst()
                        .get("datasources"))
                .getFirst());
        assertThat(datasource).containsEntry("url", "http://prometheus:9090");
        assertThat(listeningPorts("prometheus")).contains(9090);

        try (var dashboards = Files.list(ROOT.resolve("ops/grafana/dashboards"))) {
            var files = dashboards.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(files).isNotEmpty();
            for (var file : files) {
                // JSON is YAML; every panel must name the provisioned data source by its uid.
                for (var panel : list(yaml(file).getFirst().get("panels"))) {
                    assertThat(map(map(panel).get("datasource")))
                            .as("%s: %s", file.getFileName(), map(panel).get("title"))
                            .containsEntry("uid", datasource.get("uid"));
                }
            }
        }
    }

    @Test
    void prometheusLoadsTheAlertRulesOfOpsPrometheus() throws IOException {
        var ruleFiles = strings(
                yaml(ROOT.resolve("ops/prometheus/prometheus.yml")).getFirst().get("rule_files"));
        assertThat(ruleFiles).as("rule_files in ops/prometheus/prometheus.yml").isNotEmpty();
        var volumes = strings(service("prometheus").get("volumes"));
        for (var ruleFile : ruleFiles) {
            var mount = volumes.stream()
                    .filter(volume -> volume.endsWith(":" + ruleFile + ":ro"))
                    .findFirst();
            assertThat(mount)
                    .as("%s mounted into the prometheus container", ruleFile)
                    .isPresent();
            var source = ROOT.resolve(
                    mount.orElseThrow().substring(0, mount.orElseThrow().indexOf(':')));
            assertThat(list(yaml(source).getFirst().get("groups")))
                    .as("alert groups in %s", source)
                    .isNotEmpty();
        }
    }

    /** docs/operations.md "Redis memory": a limit, refused writes rather than eviction, and room above the limit. */
    @Test
    void redisHasAMemoryLimitRefusesWritesAtItAndIsWatchedByPrometheus() throws IOException {
        var redis = service("redis");
        var command = strings(redis.get("command"));
        assertThat(command).as("redis command").containsSequence("--maxmemory-policy", "noeviction");
        int maxMemory = command.indexOf("--maxmemory");
        assertThat(maxMemory).as("--maxmemory in the redis command").isNotNegative();
        long limit = megabytes(command.get(maxMemory + 1));
        assertThat(megabytes(String.valueOf(redis.get("mem_limit"))))
                .as("the container's memory limit leaves room above maxmemory")
                .isGreaterThanOrEqualTo(limit * 5 / 4);

        var exporter = service("redis-exporter");
        assertThat(String.valueOf(exporter.get("image"))).startsWith("oliver006/redis_exporter:v");
        assertThat(environment("redis-exporter")).containsEntry("REDIS_ADDR", "rediss://redis:6379");
        assertThat(listeningPorts("redis")).contains(6379);
        var targets = new ArrayList<String>();
        for (var job : list(
                yaml(ROOT.resolve("ops/prometheus/prometheus.yml")).getFirst().get("scrape_configs"))) {
            for (var staticConfig : list(map(job).get("static_configs"))) {
                targets.addAll(strings(map(staticConfig).get("targets")));
            }
        }
        assertThat(listeningPorts("redis-exporter")).containsExactly(9121);
        assertThat(targets).contains("redis-exporter:9121");
    }

    private static long megabytes(String size) {
        var matcher = Pattern.compile("(?i)(\\d+)\\s*(mb|m)").matcher(size.strip());
        assertThat(matcher.matches()).as("a size in megabytes: %s", size).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static boolean hasHealthcheck(String service) {
        var definition = service(service);
        if (definition.containsKey("healthcheck")) {
            return true;
        }
        var build = definition.get("build");
        if (build == null) {
            return false;
        }
        try {
            return Files.readString(ROOT.resolve(String.valueOf(map(build).get("dockerfile"))))
                    .contains("HEALTHCHECK");
        } catch (IOException e) {
            return false;
        }
    }

    /** Ports a container listens on inside the compose network: published container ports and {@code expose}. */
    private static Set<Integer> listeningPorts(String service) {
        var ports = new LinkedHashSet<Integer>();
        for (var published : strings(service(service).get("ports"))) {
            ports.add(Integer.parseInt(published.substring(published.lastIndexOf(':') + 1)));
        }
        for (var exposed : strings(service(service).get("expose"))) {
            ports.add(Integer.parseInt(exposed));
        }
        return ports;
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("services in docker-compose.yml").containsKey(name);
        return map(services.get(name));
    }

    private static Map<String, String> environment(String service) {
        var environment = new LinkedHashMap<String, String>();
        var raw = service(service).get("environment");
        if (raw instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (raw instanceof List<?> entries) {
            for (var entry : entries) {
                var text = String.valueOf(entry);
                int eq = text.indexOf('=');
                environment.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return environment;
    }

    /**
     * A service's configuration (the shared operations defaults, its application.yml and the profile files compose
     * activates), flattened to property names.
     */
    record ServiceConfig(String module, Map<String, Object> properties, Set<String> placeholders) {

        static ServiceConfig of(String module, Set<String> profiles) throws IOException {
            var resources = ROOT.resolve(module).resolve("src/main/resources");
            var files = new ArrayList<Path>();
            // Every service's operations defaults first (deployment-safety's OperationsDefaults, lowest precedence).
            files.add(ROOT.resolve("deployment-safety/src/main/resources/minasidor/operations-defaults.yml"));
            files.add(resources.resolve("application.yml"));
            for (var profile : profiles) {
                if (!profile.isBlank()) {
                    var file = resources.resolve("application-" + profile.trim() + ".yml");
                    assertThat(file).as("profile %s of %s", profile, module).exists();
                    files.add(file);
                }
            }
            var properties = new LinkedHashMap<String, Object>();
            var placeholders = new LinkedHashSet<String>();
            for (var file : files) {
                for (var document : yaml(file)) {
                    flatten("", document, properties);
                }
                var matcher = PLACEHOLDER.matcher(Files.readString(file));
                while (matcher.find()) {
                    placeholders.add(matcher.group(1));
                }
            }
            return new ServiceConfig(module, properties, placeholders);
        }

        int port() {
            return Integer.parseInt(String.valueOf(value("server.port")));
        }

        int managementPort() {
            return Integer.parseInt(String.valueOf(value("management.server.port")));
        }

        String contextPath() {
            var path = value("server.servlet.context-path");
            return path == null ? "" : String.valueOf(path);
        }

        Object value(String name) {
            return properties.get(name);
        }

        /**
         * Whether Spring reads this environment variable for this service: a {@code ${NAME}} placeholder in its
         * configuration, or a property it sets, matched the way Spring Boot binds environment variables: any case,
         * underscores for dots, and dashes either dropped ({@code _BOOTSTRAPSERVERS}) or written as underscores too
         * ({@code _BOOTSTRAP_SERVERS}, Spring's legacy form, which it still binds).
         */
        boolean reads(String variable) {
            if (placeholders.contains(variable)) {
                return true;
            }
            if (variable.equals("SPRING_PROFILES_ACTIVE")) {
                return true;
            }
            var wanted = variable.toLowerCase(Locale.ROOT).replace('_', '.');
            return properties.keySet().stream()
                    .map(key -> key.toLowerCase(Locale.ROOT))
                    .anyMatch(key -> key.replace("-", "").equals(wanted)
                            || key.replace('-', '.').equals(wanted));
        }

        private static void flatten(String prefix, Object node, Map<String, Object> into) {
            if (node instanceof Map<?, ?> entries) {
                entries.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
            } else if (node instanceof List<?> items && items.stream().anyMatch(i -> i instanceof Map)) {
                for (int i = 0; i < items.size(); i++) {
                    flatten(prefix + "[" + i + "]", items.get(i), into);
                }
            } else if (!prefix.isEmpty()) {
                into.put(prefix, node instanceof List<?> items ? String.join(",", strings(items)) : node);
            }
        }
    }

    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        var documents = new ArrayList<Map<String, Object>>();
        try (var reader = Files.newBufferedReader(file)) {
            for (var document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        return value == null ? List.of() : List.copyOf((Collection<?>) value);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    @Test
    void theIssuerIsAUrlABrowserCanOpen() {
        assertThat(URI.create(environment("gateway").get("MINASIDOR_ISSUER")).getHost())
                .isEqualTo("localhost");
    }
}
