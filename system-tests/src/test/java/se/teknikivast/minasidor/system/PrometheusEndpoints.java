package se.teknikivast.minasidor.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The metrics endpoints the local stack lists, scraped the way Prometheus scrapes them (text format). */
final class PrometheusEndpoints {

    /** Service (= the {@code application} label of its metrics) → its Prometheus endpoint, on its management port. */
    static final Map<String, String> ENDPOINTS = Map.of(
            "gateway", "http://localhost:18080/actuator/prometheus",
            "customer-service", "http://localhost:18081/actuator/prometheus",
            "bankid-adapter", "http://localhost:18082/actuator/prometheus",
            "notification-service", "http://localhost:18083/actuator/prometheus",
            "auth-service", "http://localhost:19000/actuator/prometheus");

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

    record Sample(String name, String labels, double value) {}

    private PrometheusEndpoints() {}

    /** Every sample of every service, by service. */
    static Map<String, List<Sample>> scrapeAll() throws IOException, InterruptedException {
        var client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var all = new LinkedHashMap<String, List<Sample>>();
        for (var service : ENDPOINTS.keySet().stream().sorted().toList()) {
            var response = client.send(
                    HttpRequest.newBuilder(URI.create(ENDPOINTS.get(service)))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(ENDPOINTS.get(service) + " answered " + response.statusCode());
            }
            var samples = new ArrayList<Sample>();
            for (var line : response.body().split("\n")) {
                var matcher = SAMPLE.matcher(line);
                if (!line.startsWith("#") && matcher.find()) {
                    samples.add(new Sample(
                            matcher.group(1),
                            matcher.group(3) == null ? "" : matcher.group(3),
                            Double.parseDouble(matcher.group(4))));
                }
            }
            all.put(service, samples);
        }
        return all;
    }
}
