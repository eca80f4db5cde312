package se.teknikivast.minasidor.localstack;

import static se.teknikivast.minasidor.localstack.LocalInfrastructure.DATABASES;
import static se.teknikivast.minasidor.localstack.LocalInfrastructure.INBOX_PORT;
import static se.teknikivast.minasidor.localstack.LocalInfrastructure.KAFKA_PORT;
import static se.teknikivast.minasidor.localstack.LocalInfrastructure.POSTGRES_PORT;
import static se.teknikivast.minasidor.localstack.LocalInfrastructure.REDIS_PORT;
import static se.teknikivast.minasidor.localstack.LocalInfrastructure.SMTP_PORT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./mina-sidor up} prints once the services are up: how long it took and how much memory it holds, what
 * did not come up, the demo logins, and every address a developer needs.
 */
final class StartSummary {

    private StartSummary() {}

    /**
     * @param startedAt when {@code ./mina-sidor up} began (before the build and the script's checks)
     * @param pids the processes the stack started directly (their descendants are counted too)
     */
    static String text(
            Path root,
            Path logs,
            Instant startedAt,
            List<ServiceDefinition> definitions,
            Map<String, HealthCheck.Outcome> results,
            List<Long> pids) {
        var now = Instant.now();
        var launched = ProcessHandle.current().info().startInstant().orElse(startedAt);
        var seconds = Duration.between(launched, now).toMillis() / 1000.0;
        var before = Math.max(0, Duration.between(startedAt, launched).toMillis() / 1000.0);
        var all = new ArrayList<>(pids);
        all.add(ProcessHandle.current().pid());
        var rss = ProcessRecords.totalRss(all);
        var up = results.values().stream()
                .filter(o -> o == HealthCheck.Outcome.UP)
                .count();
        var text = new StringBuilder();
        text.append("\n==========================================================================\n");
        text.append(" Mina sidor local stack: %d of %d services UP in %.1f s (+ %.1f s build/checks before)%n"
                .formatted(up, definitions.size(), seconds, before));
        text.append(" Total RSS of its %d processes: %d MiB%n".formatted(processCount(all), rss / (1024 * 1024)));
        results.forEach((name, outcome) -> {
            if (outcome != HealthCheck.Outcome.UP) {
                text.append("   NOT UP: %s (%s) – see .local-stack/logs/%s.log%n".formatted(name, outcome, name));
            }
        });
        text.append("==========================================================================\n");
        text.append(" Open:            http://localhost:8080/\n");
        text.append(" Password logins (customer number or 16-prefixed organisation number + password):\n");
        for (var login : DemoData.passwordLogins(root.resolve("local-stack/src/main/resources/demo"))) {
            text.append("   %-7s %-30s %s%n".formatted(login.customerNumber(), login.name(), login.password()));
        }
        text.append(" Mobilt BankID (simulator personas; approve on the tester page):\n");
        for (var persona : DemoData.bankIdPersonas()) {
            text.append("   %s  %-18s %s%n".formatted(persona[0], persona[1], persona[2]));
        }
        text.append(" BankID tester:   http://localhost:8082/simulator\n");
        text.append(
                " Mail inbox:      http://localhost:%d/  (.eml files in .local-stack/mail/)%n".formatted(INBOX_PORT));
        text.append(" Letters:         http://localhost:%d/letters  (PDFs in .local-stack/print-queue/)%n"
                .formatted(INBOX_PORT));
        text.append(" Health and metrics (management ports, never routed by the gateway):\n");
        definitions.forEach(s -> text.append("   %-22s %s%n".formatted(s.instance(), s.prometheusUrl())));
        if (definitions.stream().anyMatch(s -> !s.instance().equals(s.name()))) {
            text.append(
                    " Load balancers:  HAProxy on each service's usual port; http://localhost:%d/ shows every instance%n"
                            .formatted(LoadBalancer.STATS_PORT));
        }
        text.append(" PostgreSQL:      jdbc:postgresql://localhost:%d/{%s} (postgres/postgres)%n"
                .formatted(POSTGRES_PORT, String.join(",", DATABASES)));
        text.append(" Redis localhost:%d · Kafka localhost:%d · SMTP localhost:%d%n"
                .formatted(REDIS_PORT, KAFKA_PORT, SMTP_PORT));
        text.append(" Logs:            %s/%n".formatted(logs));
        text.append(" Stop:            Ctrl-C here, or ./mina-sidor down\n");
        text.append("==========================================================================\n");
        return text.toString();
    }

    private static long processCount(List<Long> roots) {
        return roots.stream()
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .mapToLong(handle -> 1 + handle.descendants().count())
                .sum();
    }
}
