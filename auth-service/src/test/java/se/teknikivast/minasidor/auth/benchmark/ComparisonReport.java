package se.teknikivast.minasidor.auth.benchmark;

import static se.teknikivast.minasidor.auth.benchmark.KeycloakComparison.KEYCLOAK;
import static se.teknikivast.minasidor.auth.benchmark.KeycloakComparison.OURS;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The comparison's one table (both systems and the ratio per row), written as text, CSV and a PNG bar chart drawn
 * with Java2D.
 */
final class ComparisonReport {

    record Row(String operation, String clients, String metric, double ours, double keycloak) {
        double ratio() {
            return ours / keycloak;
        }
    }

    private final Map<String, String> notes = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> runs = new ArrayList<>(
            List.of("system,operation,clients,round,operations,failures,seconds,per_second,p50_ms,p99_ms,"
                    + "cpu_ms_per_op_server,cpu_ms_per_op_database,cpu_ms_per_op_redis,cpu_ms_per_op_total,"
                    + "peak_pss_mib,load"));
    private final Map<String, Double> peakMemory = new LinkedHashMap<>();

    void note(String name, String value) {
        notes.put(name, value);
    }

    /** Durations of ours and Keycloak, alternating (A B A B …); the row shows the means. */
    void seconds(String metric, Duration... alternating) {
        double ours = 0;
        double keycloak = 0;
        for (int i = 0; i < alternating.length; i++) {
            if (i % 2 == 0) {
                ours += alternating[i].toMillis() / 1e3;
            } else {
                keycloak += alternating[i].toMillis() / 1e3;
            }
        }
        int pairs = alternating.length / 2;
        rows.add(new Row("start-up", "–", metric, ours / pairs, keycloak / pairs));
    }

    void memory(String metric, double ours, double keycloak) {
        rows.add(new Row("memory", "–", metric, ours, keycloak));
    }

    void run(String system, String operation, int round, ClosedLoop.Measurement m, String load) {
        peakMemory.merge(system, m.peakMemoryMiB(), Math::max);
        runs.add(String.join(
                ",",
                system,
                "\"" + operation + "\"",
                Integer.toString(m.concurrency()),
                Integer.toString(round),
                Integer.toString(m.operations()),
                Integer.toString(m.failures()),
                number(m.seconds()),
                number(m.perSecond()),
                number(m.p50Millis()),
                number(m.p99Millis()),
                number(m.cpuMillisPerOperation("server")),
                number(m.cpuMillisPerOperation("database")),
                number(m.cpuMillisPerOperation("Redis")),
                number(m.cpuMillisPerOperation("total")),
                number(m.peakMemoryMiB()),
                load));
    }

    /** The rows of one operation at one concurrency, from all rounds of each system together. */
    void operation(
            String operation,
            int concurrency,
            List<ClosedLoop.Measurement> ours,
            List<ClosedLoop.Measurement> keycloak) {
        var clients = Integer.toString(concurrency);
        var a = Totals.of(ours);
        var b = Totals.of(keycloak);
        rows.add(new Row(operation, clients, "throughput, per s", a.perSecond(), b.perSecond()));
        rows.add(new Row(operation, clients, "latency p50, ms", a.percentile(0.5), b.percentile(0.5)));
        rows.add(new Row(operation, clients, "latency p99, ms", a.percentile(0.99), b.percentile(0.99)));
        rows.add(new Row(operation, clients, "CPU per op, server JVM, ms", a.cpu("server"), b.cpu("server")));
        rows.add(new Row(operation, clients, "CPU per op, PostgreSQL, ms", a.cpu("database"), b.cpu("database")));
        rows.add(new Row(operation, clients, "CPU per op, Redis, ms", a.cpu("Redis"), b.cpu("Redis")));
        rows.add(new Row(operation, clients, "CPU per op, all counted, ms", a.cpu("total"), b.cpu("total")));
        if (a.failures() + b.failures() > 0) {
            rows.add(new Row(operation, clients, "failed operations", a.failures(), b.failures()));
        }
    }

    private record Totals(int operations, int failures, double seconds, List<Long> latencies, Map<String, Double> cpu) {
        static Totals of(List<ClosedLoop.Measurement> runs) {
            var latencies = new ArrayList<Long>();
            var cpu = new LinkedHashMap<String, Double>();
            int operations = 0;
            int failures = 0;
            double seconds = 0;
            for (var m : runs) {
                operations += m.operations();
                failures += m.failures();
                seconds += m.seconds();
                latencies.addAll(m.sortedLatencies());
                m.cpuSeconds().forEach((role, value) -> cpu.merge(role, value, Double::sum));
            }
            latencies.sort(null);
            return new Totals(operations, failures, seconds, latencies, cpu);
        }

        double perSecond() {
            return operations / seconds;
        }

        double percentile(double p) {
            return ClosedLoop.percentile(latencies, p);
        }

        double cpu(String role) {
            return cpu.containsKey(role) ? cpu.get(role) * 1000 / operations : Double.NaN;
        }
    }

    void write(Path directory) throws IOException {
        peakMemory.putIfAbsent(OURS, Double.NaN);
        peakMemory.putIfAbsent(KEYCLOAK, Double.NaN);
        memory("memory (PSS) under load, peak, MiB", peakMemory.get(OURS), peakMemory.get(KEYCLOAK));
        Files.createDirectories(directory);
        var text = new StringBuilder();
        notes.forEach((name, value) -> text.append("%s: %s%n".formatted(name, value)));
        text.append("ratio = this platform ÷ Keycloak (below 1: ours is lower)\n\n");
        text.append("| operation | clients | metric | this platform | Keycloak | ratio |\n|---|---|---|---|---|---|\n");
        var csv = new StringBuilder("operation,clients,metric,this_platform,keycloak,ratio\n");
        for (var row : rows) {
            text.append("| %s | %s | %s | %s | %s | %s |%n"
                    .formatted(
                            row.operation(),
                            row.clients(),
                            row.metric(),
                            shown(row.ours()),
                            shown(row.keycloak()),
                            Double.isFinite(row.ratio()) ? "%.2f".formatted(row.ratio()) : "–"));
            csv.append("\"%s\",%s,\"%s\",%s,%s,%s%n"
                    .formatted(
                            row.operation(),
                            row.clients(),
                            row.metric(),
                            number(row.ours()),
                            number(row.keycloak()),
                            number(row.ratio())));
        }
        System.out.println();
        System.out.print(text);
        Files.writeString(directory.resolve("keycloak-comparison.md"), text);
        Files.writeString(directory.resolve("keycloak-comparison.csv"), csv);
        Files.writeString(directory.resolve("keycloak-comparison-runs.csv"), String.join("\n", runs) + "\n");
        ImageIO.write(
                chart(), "png", directory.resolve("keycloak-comparison.png").toFile());
        System.out.println("\nwrote " + directory.resolve("keycloak-comparison.{md,csv,png}") + " and "
                + directory.resolve("keycloak-comparison-runs.csv"));
    }

    /** Per operation and concurrency: throughput (left) and CPU per operation of all counted processes (right). */
    private BufferedImage chart() {
        var groups = new LinkedHashMap<String, Row[]>();
        for (var row : rows) {
            if (row.metric().startsWith("throughput") || row.metric().startsWith("CPU per op, all")) {
                var key = row.operation() + " · " + row.clients() + " clients";
                var pair = groups.computeIfAbsent(key, k -> new Row[2]);
                pair[row.metric().startsWith("throughput") ? 0 : 1] = row;
            }
        }
        int rowHeight = 34;
        int top = 70;
        int width = 1560;
        int height = top + groups.size() * rowHeight + 60;
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(
                "auth-service (this platform) vs " + notes.getOrDefault("Keycloak", "Keycloak") + " — "
                        + notes.getOrDefault("date", ""),
                20,
                25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("throughput, operations per s (longer is better)", 560, 55);
        g.drawString("CPU per operation, all counted processes, ms (shorter is better)", 1040, 55);
        var ours = new Color(0x1f, 0x6f, 0xb4);
        var theirs = new Color(0xe0, 0x7b, 0x22);
        legend(g, ours, OURS, 20, height - 25);
        legend(g, theirs, KEYCLOAK, 200, height - 25);
        panel(g, groups, 0, 560, 400, top, rowHeight, ours, theirs, Row::ours, Row::keycloak);
        panel(g, groups, 1, 1040, 440, top, rowHeight, ours, theirs, Row::ours, Row::keycloak);
        int y = top;
        g.setColor(Color.BLACK);
        for (var label : groups.keySet()) {
            g.drawString(label.length() > 75 ? label.substring(0, 72) + "…" : label, 20, y + 21);
            y += rowHeight;
        }
        g.dispose();
        return image;
    }

    private static void panel(
            Graphics2D g,
            Map<String, Row[]> groups,
            int index,
            int x,
            int width,
            int top,
            int rowHeight,
            Color ours,
            Color theirs,
            ToDoubleFunction<Row> a,
            ToDoubleFunction<Row> b) {
        double max = 0;
        for (var pair : groups.values()) {
            if (pair[index] != null) {
                max = Math.max(
                        max, Math.max(finite(a.applyAsDouble(pair[index])), finite(b.applyAsDouble(pair[index]))));
            }
        }
        int y = top;
        for (var pair : groups.values()) {
            var row = pair[index];
            if (row != null && max > 0) {
                bar(g, ours, x, y + 4, width * finite(a.applyAsDouble(row)) / max, a.applyAsDouble(row));
                bar(g, theirs, x, y + 17, width * finite(b.applyAsDouble(row)) / max, b.applyAsDouble(row));
            }
            y += rowHeight;
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawLine(x, top, x, y);
    }

    private static void bar(Graphics2D g, Color color, int x, int y, double length, double value) {
        g.setColor(color);
        g.fillRect(x, y, (int) Math.round(length), 12);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(shown(value), x + (int) Math.round(length) + 4, y + 11);
    }

    private static void legend(Graphics2D g, Color color, String label, int x, int y) {
        g.setColor(color);
        g.fillRect(x, y - 11, 14, 12);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(label, x + 20, y);
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private static String shown(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        return value >= 100
                ? "%,.0f".formatted(value)
                : value >= 10 ? "%.1f".formatted(value) : "%.2f".formatted(value);
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "";
    }
}
