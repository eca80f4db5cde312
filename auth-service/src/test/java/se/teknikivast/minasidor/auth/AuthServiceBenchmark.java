package se.teknikivast.minasidor.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Function;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Hash;
import se.teknikivast.minasidor.auth.credentials.argon2.Argon2Type;
import se.teknikivast.minasidor.auth.credentials.argon2.BouncyCastleArgon2;
import se.teknikivast.minasidor.auth.credentials.argon2.NativeArgon2;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
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
        try (var customers = FakeCustomerService.start()) {
            var port = freePort();
            var managementPort = freePort();
            var command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(SERVICE_OPTS.split(" ")));
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    AuthServiceApplication.class.getName(),
                    "--server.port=" + port,
                    "--management.server.port=" + managementPort,
                    "--spring.datasource.url=" + database,
                    "--spring.datasource.username=" + postgres.username(),
                    "--spring.datasource.password=" + postgres.password(),
                    "--spring.data.redis.host=" + redis.host(),
                    "--spring.data.redis.port=" + redis.port(),
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "--MINASIDOR_KAFKA_PASSWORD=" + kafka.password(KafkaAccess.AUTH_SERVICE),
                    "--minasidor.customer-service.base-url=" + customers.baseUrl(),
                    "--minasidor.demo.credentials-file="
                            + Path.of("src/test/resources/demo-credentials.jsonl")
                                    .toAbsolutePath(),
                    "--logging.level.root=WARN"));
            var log = Files.createTempFile("auth-service-bench", ".log");
            var service = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                var base = "http://localhost:" + port;
                var management = "http://localhost:" + managementPort;
                awaitReady(management);
                System.out.printf(
                        "== auth-service pid %d, JVM options '%s', %d concurrent clients, warm-up %ds, measured %ds%n",
                        service.pid(), SERVICE_OPTS, CONCURRENCY, WARM_UP.toSeconds(), MEASURE.toSeconds());
                System.out.println("== service's password hashing: " + hashingOf(management));
                Supplier<Boolean> grant = () -> clientCredentials(base);
                Supplier<Boolean> login = () -> passwordLogin(base);
                Supplier<Boolean> registration = () -> registration(base);
                if (PHASES.contains("grants")) {
                    run("client-credentials grants", service.pid(), grant, WARM_UP);
                }
                if (PHASES.contains("logins")) {
                    run(
                            "full password logins (authorize, login page, POST, code, token)",
                            service.pid(),
                            login,
                            WARM_UP);
                }
                if (PHASES.contains("registrations")) {
                    run(
                            "registration flows (authorize, login page + static files, steps 1 and 2, skickat)",
                            service.pid(),
                            registration,
                            WARM_UP);
                }
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
        System.exit(0);
    }

    private static void run(String name, long pid, Supplier<Boolean> operation, Duration warmUp) throws Exception {
        load(operation, warmUp, new ArrayList<>());
        var latencies = Collections.synchronizedList(new ArrayList<Long>());
        var cpuBefore = cpuSeconds(pid);
        var start = System.nanoTime();
        var failures = load(operation, MEASURE, latencies);
        var elapsed = (System.nanoTime() - start) / 1e9;
        var cpu = cpuSeconds(pid) - cpuBefore;
        var sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int ops = sorted.size();
        System.out.printf(
                "%s: %d ok, %d failed in %.1f s = %.0f/s; p50 %.1f ms, p99 %.1f ms; service CPU %.2f s = %.2f ms/op"
                        + " → %.0f ops per CPU-second (per core)%n",
                name,
                ops,
                failures,
                elapsed,
                ops / elapsed,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                cpu,
                cpu * 1000 / ops,
                ops / cpu);
    }

    private static int load(Supplier<Boolean> operation, Duration duration, List<Long> latencies)
            throws InterruptedException {
        var failures = new AtomicInteger();
        var end = System.nanoTime() + duration.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CONCURRENCY; i++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        var t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = operation.get();
                        } catch (RuntimeException e) {
                            ok = false;
                        }
                        if (ok) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }
        return failures.get();
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static boolean clientCredentials(String base) {
        var response = OidcLogin.tokenResponse(
                base,
                "example-team",
                LocalClients.EXAMPLE_TEAM_SECRET,
                Map.of("grant_type", "client_credentials", "scope", "customers.read"));
        return response.statusCode() == 200;
    }

    private static final String[][] ACCOUNTS = {
        {"100001", "elljus-over-vanern-2026"},
        {"16556677-8899", "kraftledning-i-vast-2026"},
        {"100004", "sommarstuga-vid-sjon-2026"}
    };
    private static final AtomicInteger NEXT = new AtomicInteger();

    private static boolean passwordLogin(String base) {
        var account = ACCOUNTS[Math.floorMod(NEXT.getAndIncrement(), ACCOUNTS.length)];
        var login = new OidcLogin();
        login.startAt(base);
        var saved = login.logIn(base, account[0], account[1]);
        var tokens = login.exchange(base, login.code(base, saved));
        return tokens.has("access_token");
    }

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
                percentile(warm, 0.5),
                percentile(warm, 0.9),
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

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    /** utime + stime of a process, from /proc (clock ticks of 1/100 s on Linux). */
    private static double cpuSeconds(long pid) throws Exception {
        var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static void awaitReady(String management) throws Exception {
        var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(management + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.body().contains("UP")) {
                    return;
                }
            } catch (Exception notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("auth-service did not become ready");
    }

    private static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
