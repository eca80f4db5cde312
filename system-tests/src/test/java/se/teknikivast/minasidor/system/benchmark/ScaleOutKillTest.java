package se.teknikivast.minasidor.system.benchmark;

import static se.teknikivast.minasidor.system.benchmark.RegistrationMailBenchmark.CSRF;
import static se.teknikivast.minasidor.system.benchmark.RegistrationMailBenchmark.encode;
import static se.teknikivast.minasidor.system.benchmark.RegistrationMailBenchmark.expect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.teknikivast.minasidor.system.Balancers;
import se.teknikivast.minasidor.system.BankIdSimulator;
import se.teknikivast.minasidor.system.Inbox;
import se.teknikivast.minasidor.system.RunningSystem;

/**
 * "Kill one, lose nothing" against a scaled-out stack ({@code ./mina-sidor up --instances=2}): a steady mix of
 * password logins, BankID logins and registrations (each with its e-mail) runs while one instance of each service in
 * turn is killed with SIGKILL and then restarted ({@code ./mina-sidor restart}); afterwards every instance is
 * restarted gracefully, one at a time (a rolling restart). It prints, per phase: the customer operations that failed
 * and what the customer saw (a Swedish "försök igen" page, or something worse), how long HAProxy went on sending to
 * the dead instance (kill → marked DOWN in its statistics), and at the end the registrations whose mail never came
 * (lost) and the mails sent twice for one registration (duplicated).
 *
 * <p>Every operation is a new customer's browser from its own loopback address (127.2.x.y), as in
 * {@link RegistrationMailBenchmark}: the gateway's per-client limits stay on. Not a test that asserts: it prints the
 * table (docs/reliability.md has the last run) and exits non-zero when a registration was lost or a mail duplicated.
 *
 * <p>Run: {@code ./mina-sidor up --detach --instances=2} and then
 * {@code ./mvnw -pl system-tests -Pscale-out-kill -DskipTests verify}.
 */
public final class ScaleOutKillTest {

    static final String GATEWAY = "http://localhost:8080";
    static final List<String> SERVICES =
            List.of("gateway", "auth-service", "customer-service", "bankid-adapter", "notification-service");
    /** Tolvan Tolvansson: one account, straight to Mina sidor, by password and by BankID. */
    static final String PASSWORD_USER = "100001";

    static final String PASSWORD = "elljus-over-vanern-2026";
    static final String PERSONAL_NUMBER = "19121212-1212";
    static final String CUSTOMERS_NAME = "Tolvan Tolvansson";
    static final Pattern JSON_REDIRECT = Pattern.compile("\"redirect\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern JSON_STATE = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern QR_DATA = Pattern.compile("\"qrData\"\\s*:\\s*\"([^\"]+)\"");

    final int steadySeconds = Integer.getInteger("kill.steady-seconds", 10);
    final int downSeconds = Integer.getInteger("kill.down-seconds", 5);
    final Path root = RunningSystem.repositoryRoot();
    final AtomicInteger addresses = new AtomicInteger();
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    final List<RegistrationMailBenchmark.Customer> accepted = Collections.synchronizedList(new ArrayList<>());
    volatile String phase = "steady";
    volatile boolean running = true;

    /** One customer operation: what, in which phase, and how it ended ({@code null} failure: it worked). */
    record Outcome(String phase, String operation, String failure, boolean swedishTryAgain) {}

    /** One row of the table. */
    record Row(
            String phase, int operations, int failed, int triedAgainPages, List<String> failures, String detection) {}

    public static void main(String[] args) throws Exception {
        int exit = new ScaleOutKillTest().run();
        System.exit(exit);
    }

    int run() throws Exception {
        requireScaledOut();
        var customers = RegistrationMailBenchmark.customers(4000);
        RegistrationMailBenchmark.importCustomers(customers);
        int inboxBefore = Inbox.newest();
        var next = new AtomicInteger();
        var workers = new ArrayList<Thread>();
        workers.add(Thread.ofVirtual().start(() -> loop("password login", this::passwordLogin)));
        workers.add(Thread.ofVirtual().start(() -> loop("BankID login", this::bankIdLogin)));
        for (int i = 0; i < 2; i++) {
            workers.add(Thread.ofVirtual()
                    .start(() -> loop("registration", () -> register(customers.get(next.getAndIncrement())))));
        }
        System.out.printf("load average at the start: %s%n", RegistrationMailBenchmark.loadAverage());
        var rows = new ArrayList<Row>();
        rows.add(phase("steady, nothing killed", () -> {}));
        for (var service : SERVICES) {
            var instance = service + "-1";
            var detection = new String[1];
            rows.add(phase(
                    "kill -9 " + instance + ", restart",
                    () -> {
                        long pid = pid(instance);
                        long killedAt = System.nanoTime();
                        new ProcessBuilder("kill", "-KILL", Long.toString(pid))
                                .start()
                                .waitFor();
                        detection[0] = awaitMarkedDown(service, instance, killedAt);
                        Thread.sleep(downSeconds * 1000L);
                        restart(instance);
                    },
                    () -> detection[0]));
        }
        rows.add(phase("rolling restart, all 10 instances", () -> {
            for (var service : SERVICES) {
                for (int i = 1; i <= 2; i++) {
                    restart(service + "-" + i);
                }
            }
        }));
        running = false;
        for (var worker : workers) {
            worker.join(Duration.ofSeconds(60));
        }
        System.out.printf("load average at the end: %s%n", RegistrationMailBenchmark.loadAverage());

        var mails = awaitMails(inboxBefore);
        int lost = 0;
        int duplicated = 0;
        for (var customer : accepted) {
            int count = mails.getOrDefault(customer.email().toLowerCase(), 0);
            if (count == 0) {
                lost++;
            } else if (count > 1) {
                duplicated += count - 1;
            }
        }
        print(rows, lost, duplicated);
        return lost == 0 && duplicated == 0 ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------ the phases

    interface Action {
        void run() throws Exception;
    }

    Row phase(String name, Action action) throws Exception {
        return phase(name, action, () -> "");
    }

    Row phase(String name, Action action, java.util.function.Supplier<String> detection) throws Exception {
        phase = name;
        System.out.printf("%s …%n", name);
        Thread.sleep(steadySeconds * 1000L);
        action.run();
        Thread.sleep(steadySeconds * 1000L);
        var mine = outcomes.stream().filter(o -> o.phase().equals(name)).toList();
        var failed = mine.stream().filter(o -> o.failure() != null).toList();
        return new Row(
                name,
                mine.size(),
                failed.size(),
                (int) failed.stream().filter(Outcome::swedishTryAgain).count(),
                failed.stream().map(o -> o.operation() + ": " + o.failure()).toList(),
                detection.get());
    }

    void loop(String operation, Action action) {
        while (running) {
            var during = phase;
            try {
                action.run();
                outcomes.add(new Outcome(during, operation, null, false));
            } catch (Failed e) {
                outcomes.add(new Outcome(during, operation, e.getMessage(), e.swedishTryAgain));
            } catch (Exception e) {
                outcomes.add(
                        new Outcome(during, operation, e.getClass().getSimpleName() + " " + e.getMessage(), false));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** An operation that ended on a page other than the one it should: its status, path and what kind of page. */
    static final class Failed extends Exception {
        final boolean swedishTryAgain;

        Failed(String what, LeanBrowser.Page page) {
            super("%s: %d %s%s".formatted(what, page.status(), page.path(), tryAgain(page) ? " (försök igen)" : ""));
            this.swedishTryAgain = tryAgain(page);
        }

        static boolean tryAgain(LeanBrowser.Page page) {
            var body = page.body().toLowerCase();
            return body.contains("lang=\"sv\"") && body.contains("försök igen");
        }
    }

    // ------------------------------------------------------------------------------------------------ the mix

    LeanBrowser browser() throws IOException {
        int index = addresses.getAndIncrement() % 60_000;
        return new LeanBrowser(
                InetAddress.getByAddress(new byte[] {127, 2, (byte) (index / 250), (byte) (index % 250 + 1)}),
                URI.create(GATEWAY));
    }

    void passwordLogin() throws Exception {
        try (var browser = browser()) {
            var loginPage = browser.get("/");
            var csrf = csrf(loginPage, "login page");
            var end = browser.post(
                    "/auth/login",
                    "username=" + PASSWORD_USER + "&password=" + encode(PASSWORD) + "&_csrf=" + encode(csrf));
            if (end.status() != 200 || !end.body().contains(CUSTOMERS_NAME)) {
                throw new Failed("after the password", end);
            }
        }
    }

    void bankIdLogin() throws Exception {
        try (var browser = browser()) {
            var loginPage = browser.get("/");
            var csrf = "_csrf=" + encode(csrf(loginPage, "login page"));
            var started = browser.post("/auth/bankid/start", "enhet=annan&" + csrf);
            if (started.status() != 200) {
                throw new Failed("BankID start", started);
            }
            var qr = browser.get("/auth/bankid/qr");
            var qrData = QR_DATA.matcher(qr.body());
            if (qr.status() != 200 || !qrData.find()) {
                throw new Failed("BankID QR", qr);
            }
            BankIdSimulator.approve(BankIdSimulator.scan(qrData.group(1), PERSONAL_NUMBER));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                var status = browser.post("/auth/bankid/status", csrf);
                var state = JSON_STATE.matcher(status.body());
                if (status.status() != 200 || !state.find()) {
                    throw new Failed("BankID status", status);
                }
                if (state.group(1).equals("complete")) {
                    var redirect = JSON_REDIRECT.matcher(status.body());
                    if (!redirect.find()) {
                        throw new Failed("BankID complete without a redirect", status);
                    }
                    var target = URI.create(redirect.group(1));
                    var end = browser.get(
                            target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
                    if (end.status() != 200 || !end.body().contains(CUSTOMERS_NAME)) {
                        throw new Failed("after BankID", end);
                    }
                    return;
                }
                if (!state.group(1).equals("pending") || System.nanoTime() > deadline) {
                    throw new Failed("BankID " + state.group(1), status);
                }
                Thread.sleep(500);
            }
        }
    }

    void register(RegistrationMailBenchmark.Customer customer) throws Exception {
        try (var browser = browser()) {
            var loginPage = browser.get("/");
            csrf(loginPage, "login page");
            var step1 = browser.get("/auth/registrering");
            var step2 = browser.post(
                    "/auth/registrering",
                    "customerNumber=" + customer.customerNumber() + "&_csrf=" + encode(csrf(step1, "step 1")));
            if (!step2.path().equals("/auth/registrering/uppgifter")) {
                throw new Failed("step 1", step2);
            }
            var sent = browser.post(
                    "/auth/registrering/uppgifter",
                    "identityNumber=" + encode(customer.typedIdentityNumber()) + "&email=" + encode(customer.email())
                            + "&_csrf=" + encode(csrf(step2, "step 2")));
            if (sent.status() != 200 || !sent.body().contains(RegistrationMailBenchmark.SENT)) {
                throw new Failed("step 2", sent);
            }
            accepted.add(customer);
        }
    }

    static String csrf(LeanBrowser.Page page, String what) throws Failed {
        try {
            return expect(page, what, CSRF);
        } catch (IllegalStateException e) {
            throw new Failed(what + " without a form", page);
        }
    }

    // ------------------------------------------------------------------------------------------------ the stack

    static void requireScaledOut() {
        if (!Balancers.scaledOut()) {
            throw new IllegalStateException(
                    "No scaled-out stack: start it with ./mina-sidor up --detach --instances=2");
        }
    }

    long pid(String instance) throws IOException {
        return Long.parseLong(Files.readString(root.resolve(".local-stack/pids/" + instance + ".pid"))
                .trim()
                .split(" ")[0]);
    }

    /** From the kill until HAProxy's statistics show the instance DOWN: how long it went on choosing it. */
    static String awaitMarkedDown(String backend, String instance, long killedAt) throws InterruptedException {
        long deadline = killedAt + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Balancers.state(backend, instance).startsWith("DOWN")) {
                return "%.1f s".formatted((System.nanoTime() - killedAt) / 1e9);
            }
            Thread.sleep(50);
        }
        return "not within 30 s";
    }

    void restart(String instance) throws Exception {
        var process = new ProcessBuilder("./mina-sidor", "restart", instance)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("./mina-sidor restart " + instance + " failed: " + output);
        }
        System.out.print("  " + output);
    }

    /** Waits until the inbox stops growing for 10 s (at most 120 s); the mails since {@code after} per recipient. */
    Map<String, Integer> awaitMails(int after) throws InterruptedException {
        int last = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<Inbox.Mail> mails = List.of();
        while (System.nanoTime() < deadline) {
            mails = Inbox.mails().stream().filter(m -> m.number() > after).toList();
            if (mails.size() != last) {
                last = mails.size();
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(10)) {
                break;
            }
            Thread.sleep(1000);
        }
        return mails.stream().collect(Collectors.toMap(m -> m.to().toLowerCase(), m -> 1, Integer::sum));
    }

    void print(List<Row> rows, int lost, int duplicated) {
        System.out.println();
        System.out.printf(
                "| %-40s | %10s | %6s | %-22s | %-14s |%n",
                "phase", "operations", "failed", "of which försök igen", "balancer DOWN");
        System.out.println("|" + "-".repeat(42) + "|" + "-".repeat(12) + "|" + "-".repeat(8) + "|" + "-".repeat(24)
                + "|" + "-".repeat(16) + "|");
        for (var row : rows) {
            System.out.printf(
                    "| %-40s | %10d | %6d | %-22d | %-14s |%n",
                    row.phase(), row.operations(), row.failed(), row.triedAgainPages(), row.detection());
        }
        System.out.printf(
                "%nregistrations accepted: %d · lost (no mail): %d · mails duplicated: %d%n",
                accepted.size(), lost, duplicated);
        rows.forEach(row -> row.failures().forEach(failure -> System.out.printf("  %s — %s%n", row.phase(), failure)));
    }
}
