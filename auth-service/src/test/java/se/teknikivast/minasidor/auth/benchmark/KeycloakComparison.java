package se.teknikivast.minasidor.auth.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.infrastructure.embedded.PostgresServer;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * auth-service and Keycloak side by side, driven by the same load generator ({@link ClosedLoop}, {@link OidcClient}):
 * client-credentials grants and full browser logins at several concurrencies, the two systems alternating (A B A B),
 * each after its warm-up. Not a test: run it with the command in docs/performance.md ("Compared with Keycloak").
 *
 * <p>Processes counted: ours = the auth-service JVM, its PostgreSQL (postmaster and backends) and Redis; Keycloak =
 * its JVM and its PostgreSQL. Not counted: this JVM, which also hosts Kafka and the fake customer-service.
 */
public final class KeycloakComparison {

    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("warmup", 60));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("seconds", 10));
    private static final int ROUNDS = Integer.getInteger("rounds", 2);
    private static final List<Integer> CONCURRENCIES = Arrays.stream(
                    System.getProperty("concurrencies", "1,4,16").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    private static final String SERVICE_OPTS =
            System.getProperty("serviceOpts", "-Xmx512m --enable-native-access=ALL-UNNAMED");
    private static final Path KEYCLOAK_HOME = Path.of(System.getProperty("keycloak.home", "target/keycloak"));
    private static final Path OUTPUT = Path.of(System.getProperty("outputDirectory", "target"));

    /** Our Argon2id parameters (auth-service's PasswordHashing), given to Keycloak's argon2 provider. */
    static final List<String> OUR_ARGON2 = List.of(
            "--spi-password-hashing--argon2--type=id",
            "--spi-password-hashing--argon2--memory=19456",
            "--spi-password-hashing--argon2--iterations=2",
            "--spi-password-hashing--argon2--parallelism=1");

    /** The benchmark's accounts, the same in both systems. */
    static final List<String[]> ACCOUNTS = AuthServiceProcess.DEMO_ACCOUNTS;

    public static final String OURS = "this platform";
    public static final String KEYCLOAK = "Keycloak";

    public static void main(String[] args) throws Exception {
        // Whatever happens, no server of this run outlives it.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        var report = new ComparisonReport();
        report.note("date", ZonedDateTime.now().withNano(0).toString());
        report.note("load average at start", loadAverage());
        report.note("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.note("JVM options of both servers' heap", heap());
        System.out.printf(
                "== load %s; warm-up %ds, measured %ds per run, %d rounds, clients %s%n",
                loadAverage(), WARM_UP.toSeconds(), MEASURE.toSeconds(), ROUNDS, CONCURRENCIES);

        // Two PostgreSQL servers started the same way (PostgresServer: fsync, synchronous_commit and full_page_writes
        // off, max_connections 300), one per system, so that each system's database CPU is its own.
        var ourPostgres = PostgresServer.startEphemeral();
        var keycloakPostgres = PostgresServer.startEphemeral();
        var redis = TestInfrastructure.redis();
        var kafka = TestInfrastructure.kafka();
        try (var customers = FakeCustomerService.start()) {
            var keycloak = new KeycloakServer(
                    KEYCLOAK_HOME,
                    heap(),
                    keycloakPostgres.createDatabase("keycloak"),
                    keycloakPostgres.username(),
                    keycloakPostgres.password());
            report.note("Keycloak", keycloak.version() + ", tokens signed " + KeycloakServer.SIGNATURE);
            System.out.printf(
                    "== %s: kc.sh build took %.1f s (log %s)%n",
                    keycloak.version(), keycloak.build().toMillis() / 1e3, keycloak.log());

            var t0 = System.nanoTime();
            var ours = AuthServiceProcess.start(
                    SERVICE_OPTS,
                    ourPostgres.createDatabase("auth"),
                    ourPostgres.username(),
                    ourPostgres.password(),
                    redis,
                    kafka,
                    customers.baseUrl(),
                    Path.of("src/test/resources/demo-credentials.jsonl"));
            var firstOurs = Duration.ofNanos(System.nanoTime() - t0);
            var firstKeycloak = keycloak.restart(OUR_ARGON2);
            keycloak.configureRealm(ACCOUNTS);
            report.seconds("first start to ready, empty database, s", firstOurs, firstKeycloak);
            try (ours;
                    keycloak) {
                var oursClient = ours.client();
                var keycloakClient = keycloak.client();
                var oursProcesses = new Processes()
                        .add("server", ours.pid())
                        .add("database", Processes.postmaster(ourPostgres.jdbcUrl("auth"), "postgres", "postgres"))
                        .add("Redis", Processes.redisServer(redis.host(), redis.port()));
                var keycloakProcesses = new Processes()
                        .add("server", keycloak.pid())
                        .add(
                                "database",
                                Processes.postmaster(keycloakPostgres.jdbcUrl("keycloak"), "postgres", "postgres"));

                // Populated databases: a restart of each, timed (A B).
                var restartOurs = ours.restart();
                oursProcesses.replace("server", ours.pid());
                var restartKeycloak = keycloak.restart(OUR_ARGON2);
                keycloakProcesses.replace("server", keycloak.pid());
                System.out.printf(
                        "== restart to ready: ours %.1f s, Keycloak %.1f s%n",
                        restartOurs.toMillis() / 1e3, restartKeycloak.toMillis() / 1e3);
                check(oursClient, keycloakClient);
                var keycloakDatabase = keycloakPostgres.jdbcUrl("keycloak");
                report.note("Keycloak's stored password hash, run 1", storedHash(keycloakDatabase));
                Thread.sleep(5_000);
                report.memory(
                        "memory (PSS) at idle after a restart, MiB",
                        oursProcesses.memoryMiB(),
                        keycloakProcesses.memoryMiB());

                var systems = Map.of(OURS, oursProcesses, KEYCLOAK, keycloakProcesses);
                var grantOps = Map.<String, BooleanSupplier>of(
                        OURS, oursClient::clientCredentials, KEYCLOAK, keycloakClient::clientCredentials);
                var loginOps =
                        Map.<String, BooleanSupplier>of(OURS, logins(oursClient), KEYCLOAK, logins(keycloakClient));

                warmUp("client-credentials grants", grantOps);
                warmUp("browser logins", loginOps);
                alternate(report, "client-credentials grant", grantOps, systems);
                alternate(report, "browser login, both Argon2id 19 MiB t=2 p=1", loginOps, systems);

                // Keycloak with its own default hashing (its argon2 provider's defaults), as its users get it.
                var restartOurs2 = ours.restart();
                oursProcesses.replace("server", ours.pid());
                var restartKeycloak2 = keycloak.restart(List.of());
                keycloakProcesses.replace("server", keycloak.pid());
                System.out.printf(
                        "== restart to ready: ours %.1f s, Keycloak (default hashing) %.1f s%n",
                        restartOurs2.toMillis() / 1e3, restartKeycloak2.toMillis() / 1e3);
                report.seconds(
                        "restart to ready, populated database, s (mean of 2)",
                        restartOurs,
                        restartKeycloak,
                        restartOurs2,
                        restartKeycloak2);
                warmUp("browser logins", loginOps);
                // Keycloak re-hashes a password at the next login when its parameters changed: shows what it uses now.
                report.note("Keycloak's stored password hash, run 2", storedHash(keycloakDatabase));
                alternate(report, "browser login, ours 19 MiB t=2 vs Keycloak's default Argon2id", loginOps, systems);
            }
        } finally {
            keycloakPostgres.close();
            ourPostgres.close();
        }
        report.note("load average at end", loadAverage());
        report.write(OUTPUT);
        System.exit(0);
    }

    private static void check(OidcClient ours, OidcClient keycloak) {
        for (var client : List.of(ours, keycloak)) {
            if (!client.clientCredentials()) {
                throw new IllegalStateException("client-credentials grant failed at " + client.tokenUrl());
            }
            if (!client.browserLogin(ACCOUNTS.getFirst()[0], ACCOUNTS.getFirst()[1])) {
                throw new IllegalStateException("browser login failed at " + client.authorizeUrl());
            }
        }
    }

    /** The parameters Keycloak stored with a user's password (its credential_data), as a check of the options. */
    private static String storedHash(String jdbcUrl) {
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                var result = connection
                        .createStatement()
                        .executeQuery(
                                "select c.credential_data from credential c join user_entity u on u.id = c.user_id"
                                        + " join realm r on r.id = u.realm_id where r.name = '" + KeycloakServer.REALM
                                        + "' and c.type = 'password' limit 1")) {
            var data = result.next() ? result.getString(1) : "(none)";
            System.out.println("== Keycloak's stored password hash: " + data);
            return data;
        } catch (Exception e) {
            return "(could not read: " + e + ")";
        }
    }

    private static BooleanSupplier logins(OidcClient client) {
        var next = new AtomicInteger();
        return () -> {
            var account = ACCOUNTS.get(Math.floorMod(next.getAndIncrement(), ACCOUNTS.size()));
            return client.browserLogin(account[0], account[1]);
        };
    }

    private static void warmUp(String what, Map<String, BooleanSupplier> operations) {
        for (var system : List.of(OURS, KEYCLOAK)) {
            System.out.printf("== warm-up: %s, %s, %d s at 4 clients%n", system, what, WARM_UP.toSeconds());
            ClosedLoop.warmUp(operations.get(system), 4, WARM_UP);
        }
    }

    /** For each concurrency, {@link #ROUNDS} rounds of A then B. */
    private static void alternate(
            ComparisonReport report,
            String operation,
            Map<String, BooleanSupplier> operations,
            Map<String, Processes> systems) {
        for (var concurrency : CONCURRENCIES) {
            var runs = new LinkedHashMap<String, List<ClosedLoop.Measurement>>();
            for (int round = 1; round <= ROUNDS; round++) {
                for (var system : List.of(OURS, KEYCLOAK)) {
                    var measurement =
                            ClosedLoop.measure(operations.get(system), concurrency, MEASURE, systems.get(system));
                    System.out.printf(
                            "%-13s %-60s c=%-2d round %d: %5d ok %3d failed, %7.1f/s, p50 %6.1f p99 %6.1f ms,"
                                    + " CPU ms/op %s, PSS %.0f MiB, load %s%s%n",
                            system,
                            operation,
                            concurrency,
                            round,
                            measurement.operations(),
                            measurement.failures(),
                            measurement.perSecond(),
                            measurement.p50Millis(),
                            measurement.p99Millis(),
                            perOperation(measurement),
                            measurement.peakMemoryMiB(),
                            loadAverage(),
                            measurement.firstFailure() == null
                                    ? ""
                                    : " (first failure: " + measurement.firstFailure() + ")");
                    runs.computeIfAbsent(system, k -> new ArrayList<>()).add(measurement);
                    report.run(system, operation, round, measurement, loadAverage());
                }
            }
            report.operation(operation, concurrency, runs.get(OURS), runs.get(KEYCLOAK));
        }
    }

    private static String perOperation(ClosedLoop.Measurement measurement) {
        var parts = new ArrayList<String>();
        for (var role : measurement.cpuSeconds().keySet()) {
            parts.add("%s %.2f".formatted(role, measurement.cpuMillisPerOperation(role)));
        }
        return String.join(", ", parts);
    }

    /** The heap options of our JVM (its -Xmx…), given to Keycloak's JVM too (kc.sh's JAVA_OPTS_KC_HEAP). */
    static String heap() {
        return Arrays.stream(SERVICE_OPTS.split("\\s+"))
                .filter(option -> option.startsWith("-Xmx") || option.startsWith("-Xms"))
                .reduce((a, b) -> a + " " + b)
                .orElseThrow(() -> new IllegalStateException("serviceOpts must set -Xmx: " + SERVICE_OPTS));
    }

    static String loadAverage() {
        try {
            var fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
