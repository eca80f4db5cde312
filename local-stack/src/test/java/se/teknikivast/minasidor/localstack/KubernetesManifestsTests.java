package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.embedded.RedisAccess;
import se.teknikivast.minasidor.localstack.DockerComposeTests.ServiceConfig;

/**
 * deploy/kubernetes without a cluster: every overlay is rendered with Kustomize (ops/render-kubernetes.sh, kubectl
 * kustomize) and every object it yields is checked.
 *
 * <ul>
 *   <li>Kubernetes' own objects are read into fabric8's model of the Kubernetes API: a wrong type fails there, and a
 *       field the API does not have (a typo, a field at the wrong depth), which the model would keep aside as an
 *       "additional property", fails here. Objects of the operators (Strimzi, CloudNativePG, cert-manager) are held
 *       to their API version and kind and to the fields this repository uses of them.
 *   <li>Our own rules: probes on the management port, requests and limits, non-root read-only containers, a PDB and
 *       an HPA for every Deployment, Secrets only referenced, Services and NetworkPolicies that match pods, and Kafka,
 *       Redis and PostgreSQL set up as the services and KafkaAccess / RedisAccess expect.
 * </ul>
 *
 * Where no kubectl with Kustomize v5 is found the test is skipped, except in CI ({@code CI=true}), where .ci/run
 * installs it (ops/render-kubernetes.sh --install) and its absence is a failure.
 */
class KubernetesManifestsTests {

    private static final Path ROOT =
            Path.of(System.getProperty("minasidor.root", "..")).toAbsolutePath().normalize();

    /** ops/render-kubernetes.sh's exit code when it finds no kubectl. */
    private static final int KUBECTL_MISSING = 3;

    private static final List<String> OVERLAYS = List.of("local-kind", "production");

    private static final List<String> SERVICES =
            List.of("auth-service", "bankid-adapter", "customer-service", "gateway", "notification-service");

    /** The API versions and kinds Kubernetes itself serves, read into fabric8's model. */
    private static final Map<String, Set<String>> KUBERNETES_KINDS = Map.of(
            "v1", Set.of("Namespace", "ServiceAccount", "Service", "ConfigMap", "PersistentVolumeClaim"),
            "apps/v1", Set.of("Deployment", "StatefulSet"),
            "policy/v1", Set.of("PodDisruptionBudget"),
            "autoscaling/v2", Set.of("HorizontalPodAutoscaler"),
            "networking.k8s.io/v1", Set.of("NetworkPolicy", "Ingress"));

    /** The operators' resources, with the top-level fields of their spec that this repository may use. */
    private static final Map<String, Set<String>> OPERATOR_KINDS = Map.of(
            "kafka.strimzi.io/v1 Kafka", Set.of("kafka", "entityOperator", "cruiseControl", "kafkaExporter"),
            "kafka.strimzi.io/v1 KafkaNodePool", Set.of("replicas", "roles", "storage", "resources", "template"),
            "kafka.strimzi.io/v1 KafkaTopic", Set.of("partitions", "replicas", "config", "topicName"),
            "kafka.strimzi.io/v1 KafkaUser", Set.of("authentication", "authorization", "quotas", "template"),
            "postgresql.cnpg.io/v1 Cluster",
                    Set.of(
                            "instances",
                            "imageName",
                            "primaryUpdateStrategy",
                            "postgresql",
                            "bootstrap",
                            "managed",
                            "storage",
                            "walStorage",
                            "resources",
                            "affinity",
                            "monitoring",
                            "plugins"),
            "postgresql.cnpg.io/v1 Database", Set.of("cluster", "name", "owner", "ensure"),
            "postgresql.cnpg.io/v1 ScheduledBackup",
                    Set.of("schedule", "backupOwnerReference", "cluster", "method", "pluginConfiguration"),
            "cert-manager.io/v1 Issuer", Set.of("selfSigned", "ca"),
            "cert-manager.io/v1 Certificate",
                    Set.of(
                            "isCA",
                            "commonName",
                            "secretName",
                            "duration",
                            "renewBefore",
                            "privateKey",
                            "dnsNames",
                            "usages",
                            "issuerRef"),
            "barmancloud.cnpg.io/v1 ObjectStore", Set.of("retentionPolicy", "configuration"));

    /** Variables whose value is a secret by their name. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|HASH|ENCRYPTION_KEY|TOKEN).*");

    /** Spring Boot properties a Kubernetes deployment sets that compose does not (Redis through its Sentinels). */
    private static final Set<String> KUBERNETES_ONLY_PROPERTIES = Set.of(
            "SPRING_DATA_REDIS_SENTINEL_MASTER",
            "SPRING_DATA_REDIS_SENTINEL_NODES",
            "SPRING_DATA_REDIS_SENTINEL_PASSWORD");

    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Map<String, List<Map<String, Object>>> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void renderEveryOverlay() throws Exception {
        for (var overlay : OVERLAYS) {
            var render = new ProcessBuilder(
                            "bash", ROOT.resolve("ops/render-kubernetes.sh").toString(), overlay)
                    .directory(ROOT.toFile())
                    .start();
            var out = render.getInputStream().readAllBytes();
            var err = render.getErrorStream().readAllBytes();
            if (!render.waitFor(60, TimeUnit.SECONDS)) {
                render.destroyForcibly();
                fail("ops/render-kubernetes.sh %s took longer than 60 s", overlay);
            }
            var errors = new String(err, StandardCharsets.UTF_8);
            if (render.exitValue() == KUBECTL_MISSING) {
                if (Boolean.parseBoolean(System.getenv("CI"))) {
                    fail("kubectl is missing in CI; .ci/run must run ops/render-kubernetes.sh --install:%n%s", errors);
                }
                assumeTrue(false, "no kubectl with Kustomize v5 here; run ops/render-kubernetes.sh --install (npm)");
            }
            assertThat(render.exitValue())
                    .as("ops/render-kubernetes.sh %s said:%n%s", overlay, errors)
                    .isZero();
            var objects = new ArrayList<Map<String, Object>>();
            for (var document : new Yaml().loadAll(new String(out, StandardCharsets.UTF_8))) {
                if (document != null) {
                    objects.add(map(document));
                }
            }
            assertThat(objects).as("%s renders objects", overlay).isNotEmpty();
            RENDERED.put(overlay, objects);
        }
    }

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }

    static Stream<Arguments> overlaysAndServices() {
        return OVERLAYS.stream().flatMap(overlay -> SERVICES.stream().map(service -> Arguments.of(overlay, service)));
    }

    // ---- The objects against the APIs ----

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsOfAKnownApiAndHasOnlyFieldsThatApiHas(String overlay) {
        var problems = new ArrayList<String>();
        for (var object : objects(overlay)) {
            var apiVersion = string(object.get("apiVersion"));
            var kind = string(object.get("kind"));
            var name = apiVersion + " " + kind + " " + name(object);
            if (string(map(object.get("metadata")).get("name")).isEmpty()) {
                problems.add(name + ": no metadata.name");
            }
            if (KUBERNETES_KINDS.getOrDefault(apiVersion, Set.of()).contains(kind)) {
                KubernetesResource model;
                try {
                    model = SERIALIZATION.unmarshal(SERIALIZATION.asJson(object));
                } catch (RuntimeException e) {
                    problems.add(name + ": not a valid " + kind + ": " + e.getMessage());
                    continue;
                }
                if (model instanceof GenericKubernetesResource) {
                    problems.add(name + ": fabric8 has no model for it");
                    continue;
                }
                unknownFields(model, name, problems, new IdentityHashMap<>());
                quantities(object, name, problems);
            } else if (OPERATOR_KINDS.containsKey(apiVersion + " " + kind)) {
                var allowed = OPERATOR_KINDS.get(apiVersion + " " + kind);
                var spec = map(object.get("spec"));
                assertThat(spec).as("%s: spec", name).isNotEmpty();
                spec.keySet().stream()
                        .filter(key -> !allowed.contains(key))
                        .forEach(key -> problems.add(name + ": spec." + key + " is not a field this check knows"));
            } else {
                problems.add(name + ": an API version and kind that neither Kubernetes nor the platform's operators"
                        + " (Strimzi 0.49+, CloudNativePG 1.26+, cert-manager) serve");
            }
        }
        assertThat(problems).as("%s", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretIsCommittedOnlyReferenced(String overlay) throws IOException {
        var demoValues = new LinkedHashSet<String>();
        for (var service : SERVICES) {
            demoValues.addAll(demoSecretValues(service));
        }
        var problems = new ArrayList<String>();
        for (var object : objects(overlay)) {
            if (kind(object).equals("Secret")) {
                problems.add("a Secret with its values: " + name(object));
            }
            for (var container : containers(object)) {
                for (var variable : list(container.get("env"))) {
                    var entry = map(variable);
                    var variableName = string(entry.get("name"));
                    if (entry.containsKey("value")
                            && SECRET_NAME.matcher(variableName).matches()) {
                        problems.add(name(object) + ": " + variableName + " has a literal value, not a secretKeyRef");
                    }
                }
            }
        }
        // No demo secret of an application-local.yml anywhere, in any field (the generated ones: 32 characters and
        // more; PostgreSQL's demo password "postgres" is also a word in names).
        var text = SERIALIZATION.asJson(objects(overlay));
        demoValues.stream()
                .filter(value -> value.length() >= 16 && text.contains(value))
                .forEach(value -> problems.add("a demo secret of an application-local.yml: " + value));
        assertThat(problems).as("%s", overlay).isEmpty();
    }

    // ---- The services ----

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void hasStartupReadinessAndLivenessProbesOnItsManagementPort(String overlay, String service) throws IOException {
        var config = ServiceConfig.of(service, Set.of());
        var container = serviceContainer(overlay, service);
        var ports = new HashMap<String, Integer>();
        list(container.get("ports")).stream()
                .map(KubernetesManifestsTests::map)
                .forEach(port -> ports.put(string(port.get("name")), ((Number) port.get("containerPort")).intValue()));
        assertThat(ports)
                .as("%s %s: container ports", overlay, service)
                .containsEntry("http", config.port())
                .containsEntry("management", config.managementPort());

        for (var probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            var httpGet = map(map(container.get(probe)).get("httpGet"));
            assertThat(httpGet)
                    .as("%s %s: %s over HTTP", overlay, service, probe)
                    .isNotEmpty();
            assertThat(String.valueOf(httpGet.get("port")))
                    .as("%s %s: %s's port (the management port, never the public one)", overlay, service, probe)
                    .isIn("management", String.valueOf(config.managementPort()));
            assertThat(string(httpGet.get("path")))
                    .as("%s %s: %s's path", overlay, service, probe)
                    .isEqualTo(
                            probe.equals("readinessProbe")
                                    ? "/actuator/health/readiness"
                                    : "/actuator/health/liveness");
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void runsAsTheImagesUserWithAReadOnlyRootFilesystemAndATmpVolume(String overlay, String service) {
        var deployment = deployment(overlay, service);
        var pod = podSpec(deployment);
        var podSecurity = map(pod.get("securityContext"));
        assertThat(podSecurity)
                .as("%s %s: the pod's securityContext (Dockerfile: USER 10001:10001)", overlay, service)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 10001)
                .containsEntry("runAsGroup", 10001);
        var container = serviceContainer(overlay, service);
        var mounts = list(container.get("volumeMounts")).stream()
                .map(KubernetesManifestsTests::map)
                .filter(mount -> "/tmp".equals(mount.get("mountPath")))
                .toList();
        assertThat(mounts).as("%s %s: /tmp is a volume", overlay, service).hasSize(1);
        var tmp = list(pod.get("volumes")).stream()
                .map(KubernetesManifestsTests::map)
                .filter(volume -> volume.get("name").equals(mounts.getFirst().get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(tmp).as("%s %s: /tmp's volume", overlay, service).containsKey("emptyDir");
        assertThat(string(container.get("image")))
                .as("%s %s: image", overlay, service)
                .contains("mina-sidor/" + service);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerIsNonRootReadOnlyWithoutPrivilegeEscalationAndWithRequestsAndLimits(String overlay) {
        var problems = new ArrayList<String>();
        for (var object : objects(overlay)) {
            if (!Set.of("Deployment", "StatefulSet").contains(kind(object))) {
                continue;
            }
            var pod = podSpec(object);
            var podNonRoot = Boolean.TRUE.equals(map(pod.get("securityContext")).get("runAsNonRoot"));
            if (!Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
                problems.add(name(object) + ": mounts a service account token it does not need");
            }
            for (var container : containers(object)) {
                var where = name(object) + "/" + container.get("name");
                var security = map(container.get("securityContext"));
                if (!podNonRoot && !Boolean.TRUE.equals(security.get("runAsNonRoot"))) {
                    problems.add(where + ": runAsNonRoot is not set");
                }
                if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                    problems.add(where + ": the root filesystem is writable");
                }
                if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                    problems.add(where + ": privilege escalation is not switched off");
                }
                if (!list(map(security.get("capabilities")).get("drop")).contains("ALL")) {
                    problems.add(where + ": capabilities are not all dropped");
                }
                var resources = map(container.get("resources"));
                for (var bound : List.of("requests", "limits")) {
                    for (var resource : List.of("cpu", "memory")) {
                        if (map(resources.get(bound)).get(resource) == null) {
                            problems.add(where + ": no " + bound + "." + resource);
                        }
                    }
                }
                for (var resource : List.of("cpu", "memory")) {
                    var request = map(resources.get("requests")).get(resource);
                    var limit = map(resources.get("limits")).get(resource);
                    if (request != null && limit != null && amount(request).compareTo(amount(limit)) > 0) {
                        problems.add(where + ": " + resource + " request above its limit");
                    }
                }
                // A JVM's or Redis's memory is not elastic: what it is given it keeps (no overcommit to be killed on).
                var memoryRequest = map(resources.get("requests")).get("memory");
                var memoryLimit = map(resources.get("limits")).get("memory");
                if (memoryRequest != null
                        && memoryLimit != null
                        && !amount(memoryRequest).equals(amount(memoryLimit))) {
                    problems.add(where + ": memory request and limit differ");
                }
            }
        }
        assertThat(problems).as("%s", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void hasAPodDisruptionBudgetAndACpuAutoscalerForItsPods(String overlay, String service) {
        var deployment = deployment(overlay, service);
        var podLabels = map(map(map(deployment.get("spec")).get("template")).get("metadata"));
        var labels = stringMap(podLabels.get("labels"));

        var budgets = objects(overlay).stream()
                .filter(object -> kind(object).equals("PodDisruptionBudget"))
                .filter(object -> selects(map(map(object.get("spec")).get("selector")), labels))
                .toList();
        assertThat(budgets)
                .as("%s %s: PodDisruptionBudgets selecting its pods", overlay, service)
                .hasSize(1);
        assertThat(map(budgets.getFirst().get("spec")))
                .as("%s %s: the budget lets one pod go at a time", overlay, service)
                .containsEntry("maxUnavailable", 1);

        var autoscalers = objects(overlay).stream()
                .filter(object -> kind(object).equals("HorizontalPodAutoscaler"))
                .map(object -> map(object.get("spec")))
                .filter(spec -> map(spec.get("scaleTargetRef")).get("kind").equals("Deployment")
                        && map(spec.get("scaleTargetRef")).get("name").equals(service))
                .toList();
        assertThat(autoscalers)
                .as("%s %s: HorizontalPodAutoscalers", overlay, service)
                .hasSize(1);
        var autoscaler = autoscalers.getFirst();
        var metrics = list(autoscaler.get("metrics")).stream()
                .map(KubernetesManifestsTests::map)
                .map(metric -> map(metric.get("resource")))
                .toList();
        assertThat(metrics)
                .as("%s %s: the autoscaler follows CPU utilization", overlay, service)
                .anySatisfy(resource -> {
                    assertThat(resource.get("name")).isEqualTo("cpu");
                    assertThat(map(resource.get("target"))).containsEntry("type", "Utilization");
                });
        var minimum = ((Number) autoscaler.get("minReplicas")).intValue();
        var maximum = ((Number) autoscaler.get("maxReplicas")).intValue();
        assertThat(maximum).as("%s %s: maxReplicas", overlay, service).isGreaterThan(minimum);
        if (overlay.equals("production")) {
            assertThat(minimum)
                    .as("%s %s: at least two pods, so one may die", overlay, service)
                    .isGreaterThanOrEqualTo(2);
            var spread = list(podSpec(deployment).get("topologySpreadConstraints")).stream()
                    .map(KubernetesManifestsTests::map)
                    .toList();
            assertThat(spread)
                    .as("%s %s: spread across zones, enforced", overlay, service)
                    .anySatisfy(constraint -> {
                        assertThat(constraint).containsEntry("topologyKey", "topology.kubernetes.io/zone");
                        assertThat(constraint).containsEntry("whenUnsatisfiable", "DoNotSchedule");
                        assertThat(selects(map(constraint.get("labelSelector")), labels))
                                .isTrue();
                    });
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void everyVariableADeploymentMustSetIsThereAndEverySecretComesFromASecret(String overlay, String service)
            throws IOException {
        var container = serviceContainer(overlay, service);
        var env = new LinkedHashMap<String, Map<String, Object>>();
        list(container.get("env")).stream()
                .map(KubernetesManifestsTests::map)
                .forEach(entry -> env.put(string(entry.get("name")), entry));

        var required = new LinkedHashSet<String>(DockerComposeTests.demoSecrets(service));
        required.addAll(deployingSafely().getOrDefault(service, Set.of()));
        assertThat(required)
                .as("%s: variables docs/operations.md says must be set", service)
                .isNotEmpty();
        for (var variable : required) {
            assertThat(env)
                    .as("%s %s: %s (docs/operations.md \"Deploying safely\")", overlay, service, variable)
                    .containsKey(variable);
            var entry = env.get(variable);
            if (SECRET_NAME.matcher(variable).matches()) {
                var reference = map(map(entry.get("valueFrom")).get("secretKeyRef"));
                assertThat(reference)
                        .as("%s %s: %s from a Secret (secretKeyRef)", overlay, service, variable)
                        .containsKeys("name", "key");
            } else if (variable.endsWith("_KEYSTORE") || variable.endsWith("_TRUST_ANCHOR")) {
                assertThat(secretVolumeFiles(overlay, service))
                        .as("%s %s: %s, a file of a mounted Secret", overlay, service, variable)
                        .contains(string(entry.get("value")).replaceFirst("^file:", ""));
            }
        }

        // Every variable is one the service reads (as docker-compose.yml's are checked by DockerComposeTests).
        var config = ServiceConfig.of(service, Set.of());
        assertThat(env.keySet().stream()
                        .filter(name -> !JVM_VARIABLES.contains(name)
                                && !KUBERNETES_ONLY_PROPERTIES.contains(name)
                                && !required.contains(name)
                                && !config.reads(name))
                        .toList())
                .as("%s %s: variables that match no property and no ${…} of its application.yml", overlay, service)
                .isEmpty();
        assertThat(env)
                .as("%s %s: never the demo profile", overlay, service)
                .doesNotContainKey("SPRING_PROFILES_ACTIVE");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferencedConfigMapKeyExistsAndEverySecretIsOneTheReadmeOrAnOperatorCreates(String overlay)
            throws IOException {
        var readme = Files.readString(ROOT.resolve("deploy/kubernetes/README.md"));
        var configMaps = new HashMap<String, Set<String>>();
        var madeByOperators = new TreeSet<String>();
        for (var object : objects(overlay)) {
            switch (kind(object)) {
                case "ConfigMap" ->
                    configMaps.put(name(object), stringMap(object.get("data")).keySet());
                // Strimzi: a Secret per KafkaUser and the cluster CA's certificate.
                case "KafkaUser" -> madeByOperators.add(name(object));
                case "Kafka" -> madeByOperators.add(name(object) + "-cluster-ca-cert");
                // CloudNativePG: the cluster's CA.
                case "Cluster" -> madeByOperators.add(name(object) + "-ca");
                case "Certificate" ->
                    madeByOperators.add(string(map(object.get("spec")).get("secretName")));
                default -> {}
            }
        }
        var problems = new ArrayList<String>();
        for (var object : objects(overlay)) {
            for (var container : containers(object)) {
                for (var variable : list(container.get("env"))) {
                    var from = map(map(variable).get("valueFrom"));
                    var configMap = map(from.get("configMapKeyRef"));
                    if (!configMap.isEmpty()
                            && !configMaps
                                    .getOrDefault(string(configMap.get("name")), Set.of())
                                    .contains(string(configMap.get("key")))) {
                        problems.add(name(object) + ": no ConfigMap " + configMap.get("name") + " with key "
                                + configMap.get("key"));
                    }
                    var secret = map(from.get("secretKeyRef"));
                    if (!secret.isEmpty()) {
                        checkSecretName(string(secret.get("name")), name(object), madeByOperators, readme, problems);
                    }
                }
            }
            for (var volume : list(podSpec(object).get("volumes"))) {
                var secret = map(map(volume).get("secret"));
                if (!secret.isEmpty()) {
                    checkSecretName(string(secret.get("secretName")), name(object), madeByOperators, readme, problems);
                }
            }
        }
        assertThat(problems).as("%s", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceSelectsPodsThatHaveItsTargetPorts(String overlay) {
        var workloads = objects(overlay).stream()
                .filter(object -> Set.of("Deployment", "StatefulSet").contains(kind(object)))
                .toList();
        for (var service : objects(overlay)) {
            if (!kind(service).equals("Service")) {
                continue;
            }
            var selector = stringMap(map(service.get("spec")).get("selector"));
            var matching = workloads.stream()
                    .filter(workload -> podLabels(workload).entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(matching)
                    .as("%s: Service %s selects the pods of one workload", overlay, name(service))
                    .hasSize(1);
            var ports = new HashSet<Object>();
            for (var container : containers(matching.getFirst())) {
                for (var port : list(container.get("ports"))) {
                    ports.add(map(port).get("name"));
                    ports.add(map(port).get("containerPort"));
                }
            }
            for (var port : list(map(service.get("spec")).get("ports"))) {
                assertThat(ports)
                        .as("%s: Service %s's targetPort", overlay, name(service))
                        .contains(map(port).get("targetPort"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesCloseEveryPodAndOpenOnlyTheGatewayBeyondTheNamespace(String overlay) {
        var policies = objects(overlay).stream()
                .filter(object -> kind(object).equals("NetworkPolicy"))
                .toList();
        var denyAll = policies.stream()
                .filter(policy -> map(map(policy.get("spec")).get("podSelector"))
                                .isEmpty()
                        && list(map(policy.get("spec")).get("policyTypes")).contains("Ingress")
                        && list(map(policy.get("spec")).get("ingress")).isEmpty())
                .toList();
        assertThat(denyAll)
                .as("%s: a policy that closes every pod's ingress", overlay)
                .hasSize(1);

        var managementPorts = SERVICES.stream()
                .map(service -> {
                    try {
                        return ServiceConfig.of(service, Set.of()).managementPort();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        var problems = new ArrayList<String>();
        for (var policy : policies) {
            var spec = map(policy.get("spec"));
            var target = map(spec.get("podSelector"));
            for (var rule : list(spec.get("ingress"))) {
                var from = list(map(rule).get("from"));
                var ports = list(map(rule).get("ports")).stream()
                        .map(port -> ((Number) map(port).get("port")).intValue())
                        .toList();
                if (from.isEmpty()) {
                    problems.add(name(policy) + ": a rule open to every source");
                }
                if (ports.isEmpty()) {
                    problems.add(name(policy) + ": a rule open on every port");
                }
                for (var peer : from) {
                    var namespaces =
                            stringMap(map(map(peer).get("namespaceSelector")).get("matchLabels"));
                    if (map(peer).containsKey("ipBlock")) {
                        problems.add(name(policy) + ": an ipBlock (sources outside the cluster)");
                    }
                    if (!map(peer).containsKey("namespaceSelector")) {
                        continue;
                    }
                    var allowed = isGateway(target)
                                    && ports.equals(List.of(8080))
                                    && namespaces.equals(Map.of("teknikivast.se/ingress-controller", "true"))
                            || managementPorts.containsAll(ports)
                                    && namespaces.equals(Map.of("teknikivast.se/monitoring", "true"))
                            || namespaces.equals(Map.of("teknikivast.se/mina-sidor-client", "true"))
                                    && ports.stream().noneMatch(managementPorts::contains)
                                    && !isGateway(target)
                            || namespaces.equals(Map.of("kubernetes.io/metadata.name", "cnpg-system"))
                                    && stringMap(target.get("matchLabels")).containsKey("cnpg.io/cluster");
                    if (!allowed) {
                        problems.add(name(policy) + ": opens " + target + " ports " + ports + " to namespaces "
                                + namespaces);
                    }
                }
            }
        }
        assertThat(problems).as("%s", overlay).isEmpty();

        // Each service's own port is open to someone (or nothing could call it).
        for (var service : SERVICES) {
            var labels = podLabels(deployment(overlay, service));
            assertThat(policies)
                    .as("%s: a policy opening %s's port", overlay, service)
                    .anySatisfy(policy -> assertThat(
                                    selects(map(map(policy.get("spec")).get("podSelector")), labels)
                                            && !list(map(policy.get("spec")).get("ingress"))
                                                    .isEmpty())
                            .isTrue());
        }
    }

    // ---- The infrastructure ----

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaHasTheUsersTopicsAndAclsOfKafkaAccessBehindScramOverTls(String overlay) {
        var expectedRules = new TreeSet<String>();
        for (var rule : KafkaAccess.RULES) {
            expectedRules.add(
                    rule.user() + " " + operation(rule.operation()) + " " + resource(rule.type()) + " " + rule.name());
        }
        var actualRules = new TreeSet<String>();
        var users = new TreeSet<String>();
        for (var user : byKind(overlay, "KafkaUser")) {
            users.add(name(user));
            var spec = map(user.get("spec"));
            assertThat(map(spec.get("authentication")))
                    .as("%s: KafkaUser %s logs in with SCRAM-SHA-512", overlay, name(user))
                    .containsEntry("type", "scram-sha-512");
            assertThat(map(spec.get("authorization"))).containsEntry("type", "simple");
            for (var acl : list(map(spec.get("authorization")).get("acls"))) {
                var resource = map(map(acl).get("resource"));
                assertThat(resource).containsEntry("patternType", "literal");
                for (var operation : list(map(acl).get("operations"))) {
                    actualRules.add(
                            name(user) + " " + operation + " " + resource.get("type") + " " + resource.get("name"));
                }
            }
        }
        assertThat(users).as("%s: KafkaUsers", overlay).containsExactlyInAnyOrderElementsOf(KafkaAccess.users());
        assertThat(actualRules).as("%s: the KafkaUsers' ACLs", overlay).isEqualTo(expectedRules);

        var topics = new HashMap<String, Map<String, Object>>();
        byKind(overlay, "KafkaTopic").forEach(topic -> topics.put(name(topic), map(topic.get("spec"))));
        assertThat(topics.keySet())
                .as("%s: KafkaTopics", overlay)
                .containsExactlyInAnyOrderElementsOf(KafkaAccess.TOPICS.stream()
                        .map(KafkaAccess.TopicSpec::name)
                        .toList());
        var notificationPods = maxReplicas(overlay, "notification-service");
        for (var spec : KafkaAccess.TOPICS) {
            var topic = topics.get(spec.name());
            assertThat(String.valueOf(map(topic.get("config")).get("retention.ms")))
                    .as("%s: %s's retention (KafkaAccess)", overlay, spec.name())
                    .isEqualTo(String.valueOf(spec.retention().toMillis()));
            assertThat(((Number) topic.get("partitions")).intValue())
                    .as("%s: %s has a partition for every notification-service pod", overlay, spec.name())
                    .isGreaterThanOrEqualTo(notificationPods);
        }

        var kafka = byKind(overlay, "Kafka");
        assertThat(kafka).as("%s: one Kafka", overlay).hasSize(1);
        var kafkaSpec = map(map(kafka.getFirst().get("spec")).get("kafka"));
        var listeners = list(kafkaSpec.get("listeners")).stream()
                .map(KubernetesManifestsTests::map)
                .toList();
        assertThat(listeners)
                .as("%s: every listener is TLS with SCRAM-SHA-512", overlay)
                .isNotEmpty()
                .allSatisfy(listener -> {
                    assertThat(listener).containsEntry("tls", true);
                    assertThat(map(listener.get("authentication"))).containsEntry("type", "scram-sha-512");
                });
        assertThat(map(kafkaSpec.get("authorization"))).containsEntry("type", "simple");
        assertThat(map(kafkaSpec.get("config")))
                .containsEntry("auto.create.topics.enable", false)
                .containsEntry("allow.everyone.if.no.acl.found", false);
        var port = ((Number) listeners.getFirst().get("port")).intValue();
        for (var service : List.of("auth-service", "customer-service", "gateway", "notification-service")) {
            assertThat(environment(overlay, service).get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                    .as("%s %s: the bootstrap service of the TLS listener", overlay, service)
                    .isEqualTo(name(kafka.getFirst()) + "-kafka-bootstrap:" + port);
            assertThat(secretReference(overlay, service, "MINASIDOR_KAFKA_PASSWORD"))
                    .as("%s %s: the password the User Operator keeps for its KafkaUser", overlay, service)
                    .isEqualTo(service + "/password");
        }

        var pools = byKind(overlay, "KafkaNodePool");
        if (overlay.equals("production")) {
            assertThat(pools).singleElement().satisfies(pool -> {
                assertThat(map(pool.get("spec"))).containsEntry("replicas", 3);
                assertThat(list(map(pool.get("spec")).get("roles"))).containsExactlyInAnyOrder("controller", "broker");
            });
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic).containsEntry("replicas", 3));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void redisHasTheUsersOfRedisAccessKeyspaceEventsAndNoEviction(String overlay) {
        var script =
                string(stringMap(byName(overlay, "ConfigMap", "redis-scripts").get("data"))
                        .get("configure.sh"));
        var users = new LinkedHashMap<String, String>();
        for (var line : script.lines().map(String::strip).toList()) {
            if (line.startsWith("user ")) {
                var parts = line.split(" ", 3);
                users.put(parts[1], parts[2]);
            }
        }
        assertThat(users).as("%s: the default user is off", overlay).containsEntry("default", "off");
        for (var user : RedisAccess.USERS) {
            var rule = user.rule("PASSWORD");
            var expected = String.join(" ", rule).replace(">PASSWORD", ">${" + variable(user.name()) + "_PASSWORD}");
            assertThat(users.get(user.name()))
                    .as("%s: Redis user %s (RedisAccess)", overlay, user.name())
                    .isEqualTo(expected);
            assertThat(secretReference(overlay, user.name(), "MINASIDOR_REDIS_PASSWORD"))
                    .as("%s %s: its Redis password", overlay, user.name())
                    .isEqualTo("redis-users/" + user.name());
        }
        assertThat(script)
                .contains("notify-keyspace-events " + RedisAccess.KEYSPACE_EVENTS)
                .contains("maxmemory-policy noeviction")
                .contains("port 0")
                .contains("tls-port 6379");

        var redis = byName(overlay, "StatefulSet", "redis");
        assertThat(map(redis.get("spec")))
                .as("%s: three Sentinels, a quorum of two", overlay)
                .containsEntry("replicas", 3);
        var maxmemory = list(map(list(podSpec(redis).get("initContainers")).getFirst())
                        .get("env"))
                .stream()
                .map(KubernetesManifestsTests::map)
                .filter(entry -> "MAXMEMORY".equals(entry.get("name")))
                .map(entry -> string(entry.get("value")))
                .findFirst()
                .orElseThrow();
        var server = containers(redis).stream()
                .filter(container -> "redis".equals(container.get("name")))
                .findFirst()
                .orElseThrow();
        var limit = amount(map(map(server.get("resources")).get("limits")).get("memory"));
        var data = new java.math.BigDecimal(maxmemory.replaceAll("[a-z]", ""))
                .multiply(java.math.BigDecimal.valueOf(maxmemory.endsWith("gb") ? 1L << 30 : 1L << 20));
        assertThat(limit)
                .as(
                        "%s: Redis's memory limit leaves half of maxmemory %s again (docs/operations.md)",
                        overlay, maxmemory)
                .isGreaterThanOrEqualTo(data.multiply(java.math.BigDecimal.valueOf(1.5)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void postgresHasADatabaseAndARoleForEachServiceAsItsDatasourceExpects(String overlay) {
        var cluster = byKind(overlay, "Cluster").getFirst();
        var spec = map(cluster.get("spec"));
        var owners = new HashMap<String, String>();
        var initdb = map(map(spec.get("bootstrap")).get("initdb"));
        owners.put(string(initdb.get("database")), string(initdb.get("owner")));
        for (var database : byKind(overlay, "Database")) {
            var databaseSpec = map(database.get("spec"));
            assertThat(map(databaseSpec.get("cluster"))).containsEntry("name", name(cluster));
            owners.put(string(databaseSpec.get("name")), string(databaseSpec.get("owner")));
        }
        var roles = new HashMap<String, String>();
        list(map(spec.get("managed")).get("roles")).stream()
                .map(KubernetesManifestsTests::map)
                .forEach(role -> roles.put(
                        string(role.get("name")),
                        string(map(role.get("passwordSecret")).get("name"))));

        for (var service : List.of("auth-service", "customer-service", "notification-service")) {
            var env = environment(overlay, service);
            var url = env.get("SPRING_DATASOURCE_URL");
            assertThat(url)
                    .as("%s %s: the primary, over TLS with the server's name checked", overlay, service)
                    .startsWith("jdbc:postgresql://" + name(cluster) + "-rw:5432/")
                    .contains("sslmode=verify-full");
            var database = url.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("\\?.*", "");
            var user = env.get("SPRING_DATASOURCE_USERNAME");
            assertThat(owners)
                    .as("%s %s: its database, owned by its role", overlay, service)
                    .containsEntry(database, user);
            assertThat(secretReference(overlay, service, "SPRING_DATASOURCE_PASSWORD"))
                    .as("%s %s: the password of its managed role", overlay, service)
                    .isEqualTo(roles.get(user) + "/password");
        }
        // The databases compose and the local stack create.
        assertThat(owners.keySet()).containsExactlyInAnyOrder("auth", "customers", "notifications");
        if (overlay.equals("production")) {
            assertThat(spec).as("production: three instances").containsEntry("instances", 3);
            assertThat(map(map(spec.get("postgresql")).get("synchronous")))
                    .as("production: a commit waits for a standby")
                    .containsEntry("number", 1);
        }
    }

    // ---- Helpers ----

    private static void checkSecretName(
            String secret, String user, Set<String> madeByOperators, String readme, List<String> problems) {
        if (!madeByOperators.contains(secret) && !readme.contains("`" + secret + "`")) {
            problems.add(
                    user + ": Secret " + secret + " is neither made by an operator nor in deploy/kubernetes/README.md");
        }
    }

    /** The variables of docs/operations.md "Deploying safely"'s table "Must be set", per service. */
    private static Map<String, Set<String>> deployingSafely() throws IOException {
        var text = Files.readString(ROOT.resolve("docs/operations.md"));
        var section = text.substring(text.indexOf("## Deploying safely"));
        section = section.substring(0, section.indexOf("\n## ", 4));
        var variables = new HashMap<String, Set<String>>();
        var row = Pattern.compile("^\\| ([a-z-]+) \\| (.*) \\|$", Pattern.MULTILINE)
                .matcher(section);
        while (row.find()) {
            var names = new LinkedHashSet<String>();
            var name = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(row.group(2));
            while (name.find()) {
                names.add(name.group(1));
            }
            variables.put(row.group(1), names);
        }
        return variables;
    }

    private static Set<String> demoSecretValues(String service) throws IOException {
        var values = new LinkedHashSet<String>();
        var file = ROOT.resolve(service).resolve("src/main/resources/application-local.yml");
        for (var document : new Yaml().loadAll(Files.readString(file))) {
            map(document).forEach((key, value) -> {
                if (key.matches("[A-Z][A-Z0-9_]*") && value != null) {
                    values.add(String.valueOf(value));
                }
            });
        }
        return values;
    }

    private static void unknownFields(Object model, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (model == null || seen.put(model, true) != null) {
            return;
        }
        if (model instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> unknownFields(value, path + "." + key, problems, seen));
            return;
        }
        if (model instanceof Collection<?> items) {
            var index = 0;
            for (var item : items) {
                unknownFields(item, path + "[" + index++ + "]", problems, seen);
            }
            return;
        }
        if (!model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(model);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                var extra = (Map<?, ?>) value;
                if (extra != null && !extra.isEmpty()) {
                    problems.add(path + ": fields the API does not have: " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + field(getter.getName()), problems, seen);
            }
        }
    }

    private static String field(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }

    /** Every cpu and memory quantity in the object is one Kubernetes can parse. */
    private static void quantities(Object node, String where, List<String> problems) {
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> {
                if (("cpu".equals(key) || "memory".equals(key) || "storage".equals(key)) && !(value instanceof Map)) {
                    try {
                        amount(value);
                    } catch (RuntimeException e) {
                        problems.add(where + ": " + key + " " + value + " is not a quantity");
                    }
                } else {
                    quantities(value, where, problems);
                }
            });
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> quantities(item, where, problems));
        }
    }

    private static java.math.BigDecimal amount(Object quantity) {
        return Quantity.getAmountInBytes(new Quantity(String.valueOf(quantity)));
    }

    private static boolean isGateway(Map<String, Object> podSelector) {
        return "gateway".equals(stringMap(podSelector.get("matchLabels")).get("app.kubernetes.io/name"));
    }

    /** Whether a label selector (matchLabels and matchExpressions with In) selects these labels. */
    private static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        if (!labels.entrySet()
                .containsAll(stringMap(selector.get("matchLabels")).entrySet())) {
            return false;
        }
        for (var expression : list(selector.get("matchExpressions"))) {
            var entry = map(expression);
            var value = labels.get(string(entry.get("key")));
            var values = list(entry.get("values"));
            var matches = switch (string(entry.get("operator"))) {
                case "In" -> values.contains(value);
                case "NotIn" -> !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private static int maxReplicas(String overlay, String service) {
        return byKind(overlay, "HorizontalPodAutoscaler").stream()
                .map(object -> map(object.get("spec")))
                .filter(spec -> service.equals(map(spec.get("scaleTargetRef")).get("name")))
                .map(spec -> ((Number) spec.get("maxReplicas")).intValue())
                .findFirst()
                .orElseThrow();
    }

    private static String operation(AclOperation operation) {
        return switch (operation) {
            case READ -> "Read";
            case WRITE -> "Write";
            default -> throw new IllegalArgumentException("KafkaAccess uses " + operation);
        };
    }

    private static String resource(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            default -> throw new IllegalArgumentException("KafkaAccess uses " + type);
        };
    }

    private static String variable(String user) {
        return user.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The files of the Secret volumes mounted into the service's container, as paths. */
    private static Set<String> secretVolumeFiles(String overlay, String service) {
        var pod = podSpec(deployment(overlay, service));
        var files = new LinkedHashSet<String>();
        for (var mount : list(serviceContainer(overlay, service).get("volumeMounts"))) {
            for (var volume : list(pod.get("volumes"))) {
                if (map(volume).get("name").equals(map(mount).get("name"))
                        && map(volume).containsKey("secret")) {
                    for (var item : list(map(map(volume).get("secret")).get("items"))) {
                        files.add(map(mount).get("mountPath") + "/" + map(item).get("path"));
                    }
                }
            }
        }
        return files;
    }

    /** "secret/key" of a variable that comes from a Secret, or null. */
    private static String secretReference(String overlay, String service, String variable) {
        return list(serviceContainer(overlay, service).get("env")).stream()
                .map(KubernetesManifestsTests::map)
                .filter(entry -> variable.equals(entry.get("name")))
                .map(entry -> map(map(entry.get("valueFrom")).get("secretKeyRef")))
                .filter(reference -> !reference.isEmpty())
                .map(reference -> reference.get("name") + "/" + reference.get("key"))
                .findFirst()
                .orElse(null);
    }

    /** The service's literal variables (name → value). */
    private static Map<String, String> environment(String overlay, String service) {
        var values = new LinkedHashMap<String, String>();
        list(serviceContainer(overlay, service).get("env")).stream()
                .map(KubernetesManifestsTests::map)
                .filter(entry -> entry.containsKey("value"))
                .forEach(entry -> values.put(string(entry.get("name")), string(entry.get("value"))));
        return values;
    }

    private static List<Map<String, Object>> objects(String overlay) {
        return Objects.requireNonNull(RENDERED.get(overlay), overlay);
    }

    private static List<Map<String, Object>> byKind(String overlay, String kind) {
        return objects(overlay).stream()
                .filter(object -> kind(object).equals(kind))
                .toList();
    }

    private static Map<String, Object> byName(String overlay, String kind, String name) {
        return byKind(overlay, kind).stream()
                .filter(object -> name(object).equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    private static Map<String, Object> deployment(String overlay, String service) {
        return byName(overlay, "Deployment", service);
    }

    private static Map<String, Object> serviceContainer(String overlay, String service) {
        return containers(deployment(overlay, service)).stream()
                .filter(container -> service.equals(container.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no container " + service));
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    private static Map<String, String> podLabels(Map<String, Object> workload) {
        return stringMap(map(map(map(workload.get("spec")).get("template")).get("metadata"))
                .get("labels"));
    }

    /** The containers and init containers of a workload's pods (none for other objects). */
    private static List<Map<String, Object>> containers(Map<String, Object> object) {
        var pod = podSpec(object);
        var all = new ArrayList<Map<String, Object>>();
        Stream.concat(list(pod.get("initContainers")).stream(), list(pod.get("containers")).stream())
                .map(KubernetesManifestsTests::map)
                .forEach(all::add);
        return all;
    }

    private static String kind(Map<String, Object> object) {
        return string(object.get("kind"));
    }

    private static String name(Map<String, Object> object) {
        return string(map(object.get("metadata")).get("name"));
    }

    private static String string(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    private static Map<String, String> stringMap(Object value) {
        var strings = new LinkedHashMap<String, String>();
        map(value).forEach((key, item) -> strings.put(key, String.valueOf(item)));
        return strings;
    }

    private static List<Object> list(Object value) {
        return value instanceof Collection<?> items ? List.copyOf(items) : List.of();
    }
}
