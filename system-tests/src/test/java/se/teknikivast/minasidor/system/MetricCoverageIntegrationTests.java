package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import se.teknikivast.minasidor.system.PrometheusEndpoints.Sample;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dashboard panel or an alert that queries a metric no service exports shows "No data" or never fires, and nobody
 * notices until the day it matters. This test reads every query in ops/grafana/dashboards and ops/prometheus/alerts.yml
 * and checks each metric against what the running services export after a password login.
 */
@ExtendWith(RunningSystem.class)
class MetricCoverageIntegrationTests {

    /** Series Prometheus makes itself, not a service. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    /**
     * Series of redis-exporter, which runs in docker-compose.yml only (the local stack has no Prometheus);
     * DockerComposeTests checks that it runs and is scraped.
     */
    private static final String REDIS_EXPORTER_PREFIX = "redis_";

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan");

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern APPLICATION = Pattern.compile("application\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern IDENTIFIER =
            Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?!\\w)(\\s*\\()?");

    private static Map<String, List<Sample>> exported;

    @BeforeAll
    static void afterAPasswordLogin() throws IOException, InterruptedException {
        var minaSidor = HttpLogin.passwordLogin("100001", "elljus-over-vanern-2026");
        assertThat(minaSidor.body()).as("the page after the login").contains("Tolvan Tolvansson");
        exported = PrometheusEndpoints.scrapeAll();
    }

    @Test
    void everyMetricADashboardOrAnAlertQueriesIsExportedByARunningService() throws IOException {
        var missing = new TreeMap<String, String>();
        queries().forEach((where, expression) -> {
            for (var metric : metricsIn(expression).entrySet()) {
                var name = metric.getKey();
                var application = metric.getValue();
                if (PROMETHEUS_OWN.contains(name) || name.startsWith(REDIS_EXPORTER_PREFIX)) {
                    continue;
                }
                var services = application == null ? exported.keySet() : Set.of(application);
                var found = services.stream()
                        .filter(exported::containsKey)
                        .anyMatch(service -> exported.get(service).stream()
                                .anyMatch(s -> s.name().equals(name)));
                if (!found) {
                    missing.put(
                            name + (application == null ? "" : " (from " + application + ")"),
                            where + ": " + expression);
                }
            }
        });
        assertThat(missing)
                .as("metrics queried by dashboards/alerts that no running service exports")
                .isEmpty();
    }

    @Test
    void theLoginIsCountedAndTheOtherOutcomesShowAsZeroBeforeTheyHappen() {
        var logins = exported.get("auth-service").stream()
                .filter(s -> s.name().equals("minasidor_logins_total"))
                .toList();
        assertThat(logins)
                .filteredOn(
                        s -> s.labels().contains("method=\"pwd\"") && s.labels().contains("outcome=\"success\""))
                .singleElement()
                .satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
        assertThat(logins)
                .filteredOn(s -> s.labels().contains("method=\"bankid\""))
                .extracting(Sample::labels)
                .anySatisfy(labels -> assertThat(labels).contains("outcome=\"success\""))
                .anySatisfy(labels -> assertThat(labels).contains("outcome=\"failed\""));
        assertThat(names("bankid-adapter"))
                .contains("bankid_orders_failed_total", "bankid_orders_duration_seconds_bucket");
        assertThat(names("notification-service"))
                .contains("notification_emails_sent_total", "notification_emails_dead_lettered_total");
        assertThat(names("customer-service")).contains("minasidor_registrations_total");
    }

    @Test
    void noLabelCarriesAnIdentityNumberOrAnEMailAddress() {
        var personal =
                Pattern.compile("(?<!\\d)(\\d{12}|\\d{8}-\\d{4}|\\d{6}-\\d{4})(?!\\d)|[\\w.+-]+@[\\w-]+\\.[\\w.]+");
        var leaks = new ArrayList<String>();
        exported.forEach((service, samples) -> samples.stream()
                .filter(s -> personal.matcher(s.labels()).find())
                .forEach(s -> leaks.add(service + ": " + s.name() + "{" + s.labels() + "}")));
        assertThat(leaks).isEmpty();
    }

    private static Set<String> names(String service) {
        var names = new LinkedHashSet<String>();
        exported.get(service).forEach(s -> names.add(s.name()));
        return names;
    }

    /** Where → PromQL, from every dashboard panel and every alert rule. */
    private static Map<String, String> queries() throws IOException {
        var root = RunningSystem.repositoryRoot();
        var queries = new LinkedHashMap<String, String>();
        var json = JsonMapper.builder().build();
        try (var files = Files.list(root.resolve("ops/grafana/dashboards"))) {
            for (var file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                var dashboard = json.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    int i = 0;
                    for (JsonNode target : panel.path("targets")) {
                        queries.put(
                                file.getFileName() + " / " + panel.path("title").asString() + " #" + i++,
                                target.path("expr").asString());
                    }
                }
            }
        }
        Map<String, Object> alerts = new Yaml().load(Files.readString(root.resolve("ops/prometheus/alerts.yml")));
        for (var group : list(alerts.get("groups"))) {
            for (var rule : list(((Map<?, ?>) group).get("rules"))) {
                var each = (Map<?, ?>) rule;
                queries.put("alerts.yml / " + each.get("alert"), String.valueOf(each.get("expr")));
            }
        }
        assertThat(queries).as("queries found").hasSizeGreaterThan(20);
        return queries;
    }

    /** Metric name → the application its selector names (or null), for every metric a PromQL expression reads. */
    static Map<String, String> metricsIn(String expression) {
        var metrics = new LinkedHashMap<String, String>();
        var selectors = SELECTOR.matcher(expression);
        while (selectors.find()) {
            var application = APPLICATION.matcher(selectors.group(2));
            metrics.put(selectors.group(1), application.find() ? application.group(1) : null);
        }
        // What is left once label matchers, ranges, strings and grouping clauses are gone: functions, keywords and
        // bare metric names.
        var rest = expression
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        var identifiers = IDENTIFIER.matcher(rest);
        while (identifiers.find()) {
            var name = identifiers.group(1);
            boolean function = identifiers.group(2) != null;
            if (!function && !KEYWORDS.contains(name.toLowerCase())) {
                metrics.putIfAbsent(name, null);
            }
        }
        return metrics;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : List.copyOf((Collection<?>) value);
    }
}
