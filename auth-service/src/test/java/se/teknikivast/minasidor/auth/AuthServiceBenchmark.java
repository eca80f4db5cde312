package se.teknikivast.minasidor.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import se.teknikivast.minasidor.auth.benchmark.AuthServiceProcess;
import se.teknikivast.minasidor.auth.benchmark.ClosedLoop;
import se.teknikivast.minasidor.auth.benchmark.Processes;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Function;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Hash;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Type;
import se.teknikivast.minasidor.auth.credentials.argon2.BouncyCastleArgon2;
import se.teknikivast.minasidor.auth.credentials.argon2.NativeArgon2;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * Throughput of auth-service in its own JVM: full password logins and client-credentials grants, with p50/p99 and
 * CPU seconds per operation read from the service process (/proc/&lt;pid&gt;/stat). Not a test: run it with the
 * command in the README ("Benchmark"). Also measures Argon2id hash time in this JVM with both implementations the
 * service can use (the reference C library through FFM, BouncyCastle as the fallback) and prints which one the
 * service uses.
 */
public final class AuthServiceBenchmark {

    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("warmup", 15));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("seconds", 20));
    private static final int CONCURRENCY = Integer.getInteger("concurrency", 8);
    private static final String SERVICE_OPTS =
            System.getProperty("serviceOpts", "-Xmx512m --enable-native-access=ALL-UNNAMED");
    /** Which phases to run: any of grants, logins, registrations (comma-separated). */
    private static final List<String> PHASES =
            List.of(System.getProperty("phases", "grants,logins,registrations").split(","));

    public static void main(String[] args) throws Exception {
        if (PHASES.contains("logins")) {
            for (var function : List.of(NativeArgon2.load("libargon2.so.1"), new BouncyCastleArgon2())) {
                System.out.printf("== Argon2id m=19456 KiB t=2 p=1 (%s), 40 hashes in one JVM%n", function.name());
                hashTimes(function);
            }
        }

        var postgres = TestInfrastructure.postgres();
        var redis = TestInfrastructure.redis();
        var kafka = TestInfrastructure.kafka();
        var database = postgres.createDatabase(TestInfrastructure.uniqueName("bench"));
        try (var customers = FakeCustomerService.start();
                var service = AuthServiceProcess.start(
                        SERVICE_OPTS,
                        database,
                        postgres.username(),
                        postgres.password(),
                        redis,
                        kafka,
                        customers.baseUrl(),
                        Path.of("src/test/resources/demo-credentials.jsonl"))) {
            var base = service.baseUrl();
            System.out.printf(
                    "== auth-service pid %d, JVM options '%s', %d concurrent clients, warm-up %ds, measured %ds%n",
                    service.pid(), SERVICE_OPTS, CONCURRENCY, WARM_UP.toSeconds(), MEASURE.toSeconds());
            System.out.println("== service's password hashing: " + hashingOf(service.managementUrl()));
            // The service process alone: its database and Redis are not counted here (KeycloakComparison counts them).
            var processes = new Processes().add("service", service.pid());
            var client = service.client();
            if (PHASES.contains("grants")) {
                run("client-credentials grants", processes, client::clientCredentials);
            }
            if (PHASES.contains("logins")) {
                var next = new AtomicInteger();
                run("full password logins (authorize, login page, POST, code, token)", processes, () -> {
                    var account = AuthServiceProcess.DEMO_ACCOUNTS.get(
                            Math.floorMod(next.getAndIncrement(), AuthServiceProcess.DEMO_ACCOUNTS.size()));
                    return client.browserLogin(account[0], account[1]);
                });
            }
            if (PHASES.contains("registrations")) {
                run(
                        "registration flows (authorize, login page + static files, steps 1 and 2, skickat)",
                        processes,
                        () -> registration(base));
            }
        }
        System.exit(0);
    }

    private static void run(String name, Processes processes, BooleanSupplier operation) {
        ClosedLoop.warmUp(operation, CONCURRENCY, WARM_UP);
        var m = ClosedLoop.measure(operation, CONCURRENCY, MEASURE, processes);
        var cpu = m.cpuSeconds().get("total");
        System.out.printf(
                "%s: %d ok, %d failed in %.1f s = %.0f/s; p50 %.1f ms, p99 %.1f ms; service CPU %.2f s = %.2f ms/op"
                        + " → %.0f ops per CPU-second (per core)%n",
                name,
                m.operations(),
                m.failures(),
                m.seconds(),
                m.perSecond(),
                m.p50Millis(),
                m.p99Millis(),
                cpu,
                m.cpuMillisPerOperation("total"),
                m.operations() / cpu);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern STATIC = Pattern.compile("(?:href|src)=\"(/auth/(?:css|js|img)/[^\"]+)\"");
    /** Customer numbers of this run: ten digits, 9 + the run's second of the day + a counter (one mail each). */
    private static final AtomicLong NEXT_CUSTOMER =
            new AtomicLong(9_000_000_000L + (System.currentTimeMillis() / 1000 % 86_400) * 10_000);

    /**
     * What a new customer's browser does before the mail goes out (as system-tests' RegistrationMailBenchmark, against
     * auth-service alone): the authorize redirect, the login page and the static files it links (an empty cache,
     * each once), the registration link, step 1 "skicka", step 2's page, step 2 "skicka", the "skickat" page.
     */
    private static boolean registration(String base) {
        var login = new OidcLogin();
        var browser = login.browser();
        var loginPage = login.startAt(base);
        var page = browser.get(base + loginPage.substring(loginPage.indexOf("/auth/")));
        if (page.statusCode() != 200) {
            return false;
        }
        var statics = STATIC.matcher(page.body())
                .results()
                .map(m -> m.group(1))
                .distinct()
                .toList();
        for (var path : statics) {
            if (browser.get(base + path).statusCode() != 200) {
                return false;
            }
        }
        var step1 = browser.get(base + "/auth/registrering");
        var customerNumber = Long.toString(NEXT_CUSTOMER.getAndIncrement());
        var posted = browser.postForm(
                base + "/auth/registrering", Map.of("customerNumber", customerNumber, "_csrf", csrf(step1.body())));
        if (posted.statusCode() != 303) {
            return false;
        }
        var step2 = browser.get(base + "/auth/registrering/uppgifter");
        var sent = browser.postForm(
                base + "/auth/registrering/uppgifter",
                Map.of(
                        "identityNumber",
                        "19121212-1212",
                        "email",
                        "kund" + customerNumber + "@example.se",
                        "_csrf",
                        csrf(step2.body())));
        if (sent.statusCode() != 303 || !Browser.location(sent).endsWith("/auth/registrering/skickat")) {
            return false;
        }
        return browser.get(base + "/auth/registrering/skickat").statusCode() == 200;
    }

    private static String csrf(String page) {
        var matcher = CSRF.matcher(page);
        if (!matcher.find()) {
            throw new IllegalStateException("no CSRF field");
        }
        return matcher.group(1);
    }

    private static void hashTimes(Argon2Function argon2) {
        var salt = new byte[16];
        var times = new ArrayList<Long>();
        for (int i = 0; i < 40; i++) {
            var t0 = System.nanoTime();
            argon2.hash(
                    Argon2Type.ARGON2ID,
                    Argon2Hash.VERSION_13,
                    19456,
                    2,
                    1,
                    ("benchmark-password-" + i).getBytes(StandardCharsets.UTF_8),
                    salt,
                    32);
            times.add(System.nanoTime() - t0);
        }
        var warm = new ArrayList<>(times.subList(10, times.size()));
        Collections.sort(warm);
        System.out.printf(
                "first 5: %s ms; after 10 warm-up hashes: min %.1f, p50 %.1f, p90 %.1f, max %.1f ms%n",
                times.subList(0, 5).stream().map(t -> "%.0f".formatted(t / 1e6)).toList(),
                warm.getFirst() / 1e6,
                ClosedLoop.percentile(warm, 0.5),
                ClosedLoop.percentile(warm, 0.9),
                warm.getLast() / 1e6);
    }

    /** The implementation tag of minasidor_password_hashing_info, as the service exports it. */
    private static String hashingOf(String management) throws Exception {
        var metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(line -> line.startsWith("minasidor_password_hashing_info"))
                .findFirst()
                .orElse("(metric missing)");
    }
}
