package se.teknikivast.minasidor.system.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import se.teknikivast.minasidor.system.RunningSystem;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Skicka → inbox" at an open-loop rate of registrations, against the whole running system (issue 8's second
 * target: at 20 registrations/s, p99 &lt; 2 s).
 *
 * <p>Each registration is a new customer in a new browser: {@code GET /} through the gateway (→ OAuth2 authorize →
 * the login page, with its stylesheet, scripts and logo as an empty browser cache fetches them), the link "Ny kund
 * eller har du glömt ditt lösenord? Klicka här", step 1 (customer number + CSRF token → "skicka"), step 2's page, and
 * step 2's "skicka" (identity number + e-mail + CSRF token, the session cookies the flow set) — the moment measured
 * from — until the "skickat" page. The end point is the mail being in the local stack's inbox: a watcher polls the
 * web inbox for the next message ({@code GET :13080/messages/N.eml}, 404 until the SMTP server has it; every poll
 * reads GreenMail's mailboxes afresh) and matches it to its registration by the recipient, so the figure includes
 * up to one poll interval (≈ 20 ms) more than the SMTP acceptance.
 *
 * <p>Customers: fresh ones without e-mail, imported through customer-service's import API with kundservice's
 * client-credentials token (the limit is 3 e-mails per customer number an hour). Client IPs: the gateway limits
 * registration POSTs per client IP (10/min, bursts of 20) and the local stack trusts no proxy, so the client IP is
 * the TCP peer. Every customer's connections therefore come from its own loopback address (127.1.x.y; all of
 * 127.0.0.0/8 is the loopback interface on Linux), as distinct customers' browsers come from distinct addresses. The
 * limit stays on and unchanged.
 *
 * <p>Phases: a closed-loop warm-up (a few browsers, whole registrations, {@code benchmark.warmup-seconds}), then the
 * measured open-loop phase ({@code benchmark.rate} new customers a second for {@code benchmark.seconds}, whatever the
 * answers). With {@code -Dbenchmark.prepared=true} the measured customers fill in the pages up to step 2 ahead and
 * only their "skicka" comes at the rate: a diagnostic that separates the mail path from the pages before it.
 *
 * <p>The browsers are {@link LeanBrowser}s (the same requests on the wire for a fraction of the JDK client's CPU,
 * which shares the two cores with the stack). The services run with the production JIT (C2;
 * {@code -Dbenchmark.stack-java-opts} to change), warmed up for {@code benchmark.warmup-seconds} (120 s: C2 compiles on
 * the same two cores).
 *
 * <p>Run (see docs/performance.md): {@code ./mvnw -pl system-tests -am -Pe2e-benchmark -DskipTests verify}. Starts the
 * stack with {@code ./mina-sidor up --detach --no-build --strict} and stops it with {@code down} unless
 * {@code -Dminasidor.system.running=true}. Not a test: nothing is asserted, numbers are printed.
 */
public final class RegistrationMailBenchmark {

    static final String GATEWAY = "http://localhost:8080";
    static final String INBOX = "http://localhost:13080";
    static final String CUSTOMER_SERVICE = "http://localhost:8081";
    /** The local-stack secret of kundservice (auth-service/README.md); local only. */
    static final String KUNDSERVICE_SECRET = "uzpygDD27FFnR6ogJdIHswlfq425EgkmQUe-kcNzEFA";

    static final String SENT = "Ett e-postmeddelande har skickats";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/auth/(?:css|js|img)/[^\"]+)\"");
    static final Pattern REGISTRATION_LINK = Pattern.compile("href=\"(/auth/registrering)\"");
    static final Pattern RECIPIENT = Pattern.compile("reg(\\d+)@bench\\.example\\.se");
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Undoes the local stack's {@code -XX:TieredStopAtLevel=1} (later options win) and gives C2 room for its code. */
    static final String PRODUCTION_JIT = "-XX:TieredStopAtLevel=4 -XX:ReservedCodeCacheSize=128m";

    final double rate = Double.parseDouble(System.getProperty("benchmark.rate", "20"));
    final int warmUpBrowsers = Integer.getInteger("benchmark.warmup-browsers", 4);
    final int warmUpSeconds = Integer.getInteger("benchmark.warmup-seconds", 120);
    final int seconds = Integer.getInteger("benchmark.seconds", 60);
    final boolean prepared = Boolean.getBoolean("benchmark.prepared");
    final Duration drain = Duration.ofSeconds(Integer.getInteger("benchmark.drain-seconds", 60));
    final Map<String, Registration> byCustomerNumber = new ConcurrentHashMap<>();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger otherMails = new AtomicInteger();
    volatile boolean watching = true;

    public static void main(String[] args) throws Exception {
        var root = RunningSystem.repositoryRoot();
        int exit = 0;
        var began = System.nanoTime();
        // Starts the stack with ./mina-sidor up (and stops it) unless -Dminasidor.system.running=true. The services
        // run with the JIT they have in production (plain `java -jar` in the Dockerfiles: tiered up to C2) instead of
        // the local stack's quick-start C1-only setting; heap and GC stay the local stack's.
        var javaOpts = System.getProperty("benchmark.stack-java-opts", PRODUCTION_JIT);
        if (!Boolean.getBoolean("minasidor.system.running")) {
            System.out.printf("stack: starting the services with MINASIDOR_JAVA_OPTS=\"%s\"%n", javaOpts);
        }
        try (var stack = RunningSystem.Stack.start(Map.of("MINASIDOR_JAVA_OPTS", javaOpts))) {
            System.out.printf("stack: ready after %.0f s%n", (System.nanoTime() - began) / 1e9);
            new RegistrationMailBenchmark().run(root);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    void run(Path root) throws Exception {
        // The closed-loop warm-up takes what it gets through; this is more than four browsers manage on two cores.
        int warmUpAtMost = 40 * warmUpSeconds;
        int measured = (int) Math.round(rate * seconds);
        System.out.printf(
                "warm-up: %d browsers registering one customer after another for %d s (closed loop); then measured:"
                        + " %.1f registrations/s for %d s (open loop%s); commit %s%n",
                warmUpBrowsers,
                warmUpSeconds,
                rate,
                seconds,
                prepared ? "; pages up to step 2 filled in ahead, only \"skicka\" at the rate" : "",
                commit(root));
        var customers = customers(warmUpAtMost + measured);
        importCustomers(customers);

        var watcher = Thread.ofPlatform().name("inbox-watcher").start(this::watchInbox);
        try {
            System.out.printf("load average before the warm-up: %s%n", loadAverage());
            warmUp(customers.subList(0, warmUpAtMost), root);
            System.out.printf("load average before the measured run: %s%n", loadAverage());
            phase("measured", customers.subList(warmUpAtMost, warmUpAtMost + measured), warmUpAtMost, root);
            System.out.printf("load average after: %s%n", loadAverage());
        } finally {
            watching = false;
            watcher.join();
        }
        if (duplicates.get() > 0 || otherMails.get() > 0) {
            System.out.printf(
                    "inbox: %d second mails for the same registration, %d mails not from this run%n",
                    duplicates.get(), otherMails.get());
        }
    }

    // ------------------------------------------------------------------------------------------------ the customers

    record Customer(String customerNumber, String identityNumber, String email) {

        /** As the customer types it in step 2: ÅÅÅÅMMDD-XXXX. */
        String typedIdentityNumber() {
            return identityNumber.substring(0, 8) + "-" + identityNumber.substring(8);
        }
    }

    /**
     * Fresh customers for this run: ten-digit customer numbers {@code 9<run><nnnn>} (the run from the clock, so a
     * re-run gets new ones), valid personal numbers (date + serial + Luhn check digit) and an address per customer.
     */
    static List<Customer> customers(int count) {
        var run = (System.currentTimeMillis() / 60_000) % 100_000;
        var customers = new ArrayList<Customer>(count);
        for (int i = 0; i < count; i++) {
            var number = "9%05d%04d".formatted(run, i);
            var born = LocalDate.of(1940, 1, 1).plusDays((run * 7L + i * 13L) % 20_000);
            var serial = 100 + (i % 899);
            var tenDigits = "%02d%02d%02d%03d"
                    .formatted(born.getYear() % 100, born.getMonthValue(), born.getDayOfMonth(), serial);
            var identity = born.getYear() / 100 + tenDigits + luhn(tenDigits);
            customers.add(new Customer(number, identity, "reg" + number + "@bench.example.se"));
        }
        return customers;
    }

    /** The check digit of a Swedish personal number over its nine digits YYMMDDNNN. */
    static int luhn(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < nineDigits.length(); i++) {
            int product = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product / 10 + product % 10;
        }
        return (10 - sum % 10) % 10;
    }

    /** customer-service's import API (JSON lines) with kundservice's token; every customer must be new. */
    static void importCustomers(List<Customer> customers) throws Exception {
        try (var client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            var basic = Base64.getEncoder()
                    .encodeToString(("kundservice:" + KUNDSERVICE_SECRET).getBytes(StandardCharsets.UTF_8));
            var tokenResponse = client.send(
                    // Client credentials only directly from inside, not through the public gateway (README "Security").
                    HttpRequest.newBuilder(URI.create("http://localhost:9000/auth/oauth2/token"))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "grant_type=client_credentials&scope=customers.admin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (tokenResponse.statusCode() != 200) {
                throw new IllegalStateException("No kundservice token: " + tokenResponse.statusCode());
            }
            var token = JSON.readTree(tokenResponse.body()).get("access_token").asString();
            var lines = new StringBuilder();
            for (var customer : customers) {
                lines.append(JSON.writeValueAsString(Map.of(
                                "customerNumber",
                                customer.customerNumber(),
                                "type",
                                "PRIVATE_PERSON",
                                "name",
                                "Bänk Kund " + customer.customerNumber(),
                                "identityNumber",
                                customer.identityNumber())))
                        .append('\n');
            }
            var began = System.nanoTime();
            var response = client.send(
                    HttpRequest.newBuilder(URI.create(CUSTOMER_SERVICE + "/internal/customers/import"))
                            .timeout(Duration.ofSeconds(120))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(lines.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            var result = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (result == null || result.get("imported").asInt() != customers.size()) {
                throw new IllegalStateException(
                        "The import did not create every customer: " + response.statusCode() + " " + response.body());
            }
            System.out.printf(
                    "imported %d new customers without e-mail (%s…%s) through customer-service in %.1f s%n",
                    customers.size(),
                    customers.getFirst().customerNumber(),
                    customers.getLast().customerNumber(),
                    (System.nanoTime() - began) / 1e9);
        }
    }

    // ------------------------------------------------------------------------------------------------ the run

    /** One customer's registration; times are System.nanoTime(), 0 until they happened. */
    static final class Registration {
        final Customer customer;
        final int address;
        volatile String csrf;
        volatile long scheduledAt;
        volatile long filledInAt;
        volatile long skickaAt;
        volatile long sentPageAt;
        volatile long inboxAt;
        volatile String failure;

        Registration(Customer customer, int address) {
            this.customer = customer;
            this.address = address;
        }
    }

    /**
     * Warms the JIT compilers and pools of a freshly started stack with whole registrations, a few browsers one after
     * another (closed loop), so the open-loop run meets a warm system. (An open-loop rate on a cold stack overwhelms
     * it: the first pages take seconds, the gateway's breaker opens, and it does not recover within minutes.)
     */
    void warmUp(List<Customer> customers, Path root) throws InterruptedException {
        var registrations = java.util.Collections.synchronizedList(new ArrayList<Registration>());
        var cpuBefore = StackCpu.read(root);
        long deadline = System.nanoTime() + Duration.ofSeconds(warmUpSeconds).toNanos();
        var next = new AtomicInteger();
        try (var browsers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < warmUpBrowsers; b++) {
                browsers.submit(() -> {
                    for (int i = next.getAndIncrement();
                            i < customers.size() && System.nanoTime() < deadline;
                            i = next.getAndIncrement()) {
                        var registration = new Registration(customers.get(i), i);
                        registration.scheduledAt = System.nanoTime();
                        registrations.add(registration);
                        byCustomerNumber.put(registration.customer.customerNumber(), registration);
                        register(registration, true);
                    }
                });
            }
        }
        awaitMails(registrations);
        var cpuAfter = StackCpu.read(root);
        var done = List.copyOf(registrations);
        report(
                "warm-up: %d registrations by %d browsers in %d s (closed loop)"
                        .formatted(done.size(), warmUpBrowsers, warmUpSeconds),
                done,
                0,
                cpuBefore,
                cpuAfter);
    }

    void awaitMails(List<Registration> registrations) throws InterruptedException {
        var lastSkicka = registrations.stream().mapToLong(r -> r.skickaAt).max().orElse(System.nanoTime());
        var deadline = lastSkicka + drain.toNanos();
        while (System.nanoTime() < deadline && registrations.stream().anyMatch(r -> r.skickaAt > 0 && r.inboxAt == 0)) {
            Thread.sleep(100);
        }
    }

    void phase(String name, List<Customer> customers, int firstIndex, Path root) throws Exception {
        var registrations = new ArrayList<Registration>(customers.size());
        for (int i = 0; i < customers.size(); i++) {
            var registration = new Registration(customers.get(i), firstIndex + i);
            registrations.add(registration);
            byCustomerNumber.put(registration.customer.customerNumber(), registration);
        }
        if (prepared) {
            fillInAhead(name, registrations, root);
        }
        var cpuBefore = StackCpu.read(root);
        long first = System.nanoTime() + 100_000_000L;
        long lateStarts = 0;
        try (var flows = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < registrations.size(); i++) {
                long due = first + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -10_000_000L) {
                    lateStarts++;
                }
                var registration = registrations.get(i);
                registration.scheduledAt = due;
                flows.submit(() -> register(registration, !prepared));
            }
        } // waits for every flow to end
        awaitMails(registrations);
        var cpuAfter = StackCpu.read(root);
        report(
                "%s: %d registrations at %.1f/s (open loop)".formatted(name, registrations.size(), rate),
                registrations,
                lateStarts,
                cpuBefore,
                cpuAfter);
    }

    /**
     * With {@code -Dbenchmark.prepared=true}: every customer of the phase goes through the pages up to step 2 first
     * (four browsers at a time, not measured), so that only the "skicka" clicks come at the open-loop rate. This
     * separates the mail path from the load of the pages before it; it is not what 20 customers a second cause.
     */
    void fillInAhead(String name, List<Registration> registrations, Path root) throws InterruptedException {
        var cpuBefore = StackCpu.read(root);
        var began = System.nanoTime();
        var next = new AtomicInteger();
        try (var browsers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int b = 0; b < 4; b++) {
                browsers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < registrations.size(); i = next.getAndIncrement()) {
                        var registration = registrations.get(i);
                        try (var browser = browser(registration)) {
                            fillIn(browser, registration);
                        } catch (Exception e) {
                            registration.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                        }
                    }
                });
            }
        }
        var cpuAfter = StackCpu.read(root);
        System.out.printf(
                "%n%s: %d customers filled in the pages up to step 2 ahead in %.1f s (%d failed); stack CPU %.1f ms per"
                        + " customer%n",
                name,
                registrations.size(),
                (System.nanoTime() - began) / 1e9,
                registrations.stream().filter(r -> r.failure != null).count(),
                StackCpu.stackTotal(cpuBefore, cpuAfter) / 1e6 / Math.max(1, registrations.size()));
    }

    /** One customer: the pages up to step 2 (unless filled in ahead) and "skicka". */
    void register(Registration registration, boolean fillIn) {
        if (registration.failure != null) {
            return; // its pages failed ahead of the run
        }
        try (var browser = browser(registration)) {
            if (fillIn) {
                fillIn(browser, registration);
            }
            skicka(browser, registration);
        } catch (Exception e) {
            registration.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** A browser: the customer's cookies and its own client IP (a loopback address of its own). */
    static LeanBrowser browser(Registration registration) throws IOException {
        int index = registration.address;
        return new LeanBrowser(
                InetAddress.getByAddress(new byte[] {127, 1, (byte) (index / 250), (byte) (index % 250 + 1)}),
                URI.create(GATEWAY));
    }

    /** Mina sidor → login page (+ what an empty cache loads) → the registration link → step 1 → step 2's page. */
    static void fillIn(LeanBrowser browser, Registration registration) throws IOException {
        var loginPage = browser.get("/");
        expect(loginPage, "login page", REGISTRATION_LINK);
        var assets = ASSET.matcher(loginPage.body())
                .results()
                .map(match -> match.group(1))
                .distinct()
                .toList();
        for (var asset : assets) {
            int status = browser.fetch(asset);
            if (status != 200) {
                throw new IllegalStateException("asset " + asset + " " + status);
            }
        }
        // "Ny kund eller har du glömt ditt lösenord? Klicka här" → step 1.
        var step1 = browser.get("/auth/registrering");
        var csrf1 = expect(step1, "step 1", CSRF);
        var step2 = browser.post(
                "/auth/registrering",
                "customerNumber=" + registration.customer.customerNumber() + "&_csrf=" + encode(csrf1));
        if (!step2.path().equals("/auth/registrering/uppgifter")) {
            throw new IllegalStateException("step 1 ended on " + step2.path());
        }
        registration.csrf = expect(step2, "step 2", CSRF);
        registration.filledInAt = System.nanoTime();
    }

    /** Step 2's "skicka": the moment the customer's wait for the mail begins. */
    static void skicka(LeanBrowser browser, Registration registration) throws IOException {
        var customer = registration.customer;
        var form = "identityNumber=" + encode(customer.typedIdentityNumber()) + "&email=" + encode(customer.email())
                + "&_csrf=" + encode(registration.csrf);
        registration.skickaAt = System.nanoTime();
        var sent = browser.post("/auth/registrering/uppgifter", form);
        registration.sentPageAt = System.nanoTime();
        if (sent.status() != 200 || !sent.body().contains(SENT)) {
            throw new IllegalStateException("step 2 answered " + sent.status() + " on " + sent.path());
        }
    }

    static HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(30))
                .header("Accept-Language", "sv-SE,sv;q=0.9");
    }

    static String expect(LeanBrowser.Page page, String what, Pattern pattern) {
        var matcher = pattern.matcher(page.body());
        if (page.status() != 200 || !matcher.find()) {
            throw new IllegalStateException(what + " not found: " + page.status() + " at " + page.path());
        }
        return matcher.group(1);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ the inbox

    /**
     * Polls the local web inbox for the next mail, in the order the SMTP server received them: the .eml of mail N is
     * there (200) as soon as GreenMail holds it, 404 before. Starts after the mails already in the inbox.
     */
    void watchInbox() {
        try (var client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            var list = client.send(request(INBOX + "/").build(), HttpResponse.BodyHandlers.ofString());
            var count = Pattern.compile("<title>Inbox \\((\\d+)\\)").matcher(list.body());
            int next = count.find() ? Integer.parseInt(count.group(1)) + 1 : 1;
            while (watching) {
                var response = client.send(
                        request(INBOX + "/messages/" + next + ".eml").build(), HttpResponse.BodyHandlers.ofString());
                long seen = System.nanoTime();
                if (response.statusCode() != 200) {
                    Thread.sleep(20);
                    continue;
                }
                next++;
                var recipient = RECIPIENT.matcher(headers(response.body()));
                var registration = recipient.find() ? byCustomerNumber.get(recipient.group(1)) : null;
                if (registration == null) {
                    otherMails.incrementAndGet();
                } else if (registration.inboxAt != 0) {
                    duplicates.incrementAndGet();
                } else {
                    registration.inboxAt = seen;
                }
            }
        } catch (Exception e) {
            if (watching) {
                System.out.println("inbox watcher stopped: " + e);
            }
        }
    }

    /** The header section of a raw mail, where the recipient is read from (the To header). */
    static String headers(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        var section = end < 0 ? raw : raw.substring(0, end);
        var to = Pattern.compile("(?mi)^To:.*$").matcher(section);
        return to.find() ? to.group() : "";
    }

    // ------------------------------------------------------------------------------------------------ the report

    void report(
            String title,
            List<Registration> registrations,
            long lateStarts,
            Map<String, Long> cpuBefore,
            Map<String, Long> cpuAfter) {
        // Everyone who pressed "skicka" waits for a mail, whatever page came back; one that never came counts as
        // slower than every one that came.
        var pressed = registrations.stream().filter(r -> r.skickaAt > 0).toList();
        var notPressed = registrations.size() - pressed.size();
        var sentPages = pressed.stream()
                .filter(r -> r.failure == null && r.sentPageAt > 0)
                .toList();
        var inInbox = pressed.stream().filter(r -> r.inboxAt > 0).toList();
        long firstSkicka = pressed.stream().mapToLong(r -> r.skickaAt).min().orElse(0);
        long lastSkicka = pressed.stream().mapToLong(r -> r.skickaAt).max().orElse(0);
        long firstMail = inInbox.stream().mapToLong(r -> r.inboxAt).min().orElse(0);
        long lastMail = inInbox.stream().mapToLong(r -> r.inboxAt).max().orElse(0);
        var toInbox = pressed.stream()
                .mapToLong(r -> r.inboxAt > 0 ? r.inboxAt - r.skickaAt : Long.MAX_VALUE)
                .sorted()
                .toArray();
        var toSentPage = sentPages.stream()
                .mapToLong(r -> r.sentPageAt - r.skickaAt)
                .sorted()
                .toArray();
        var flowBeforeSkicka = pressed.stream()
                .filter(r -> r.filledInAt > 0)
                .mapToLong(r -> r.filledInAt - (prepared ? r.filledInAt : r.scheduledAt))
                .sorted()
                .toArray();
        System.out.printf("%n== %s; %d started > 10 ms late ==%n", title, lateStarts);
        System.out.printf(
                "  pressed \"skicka\": %d (%d failed before it); got the \"skickat\" page: %d; mails in the inbox: %d;"
                        + " missing: %d%n",
                pressed.size(), notPressed, sentPages.size(), inInbox.size(), pressed.size() - inInbox.size());
        if (pressed.size() > 1 && inInbox.size() > 1) {
            System.out.printf(
                    "  throughput: \"skicka\" %.1f/s, mails into the inbox %.1f/s%n",
                    (pressed.size() - 1) / Math.max(1e-9, (lastSkicka - firstSkicka) / 1e9),
                    (inInbox.size() - 1) / Math.max(1e-9, (lastMail - firstMail) / 1e9));
        }
        var timeline = new StringBuilder();
        long start = registrations.isEmpty() ? 0 : registrations.getFirst().scheduledAt;
        for (long from = 0; ; from += 10_000_000_000L) {
            long lower = from;
            var slice = registrations.stream()
                    .filter(r -> r.scheduledAt - start >= lower && r.scheduledAt - start < lower + 10_000_000_000L)
                    .toList();
            if (slice.isEmpty()) {
                break;
            }
            timeline.append(
                    " %d/%d".formatted(slice.stream().filter(r -> r.inboxAt > 0).count(), slice.size()));
        }
        System.out.printf("  mails in the inbox / registrations started, per 10 s:%s%n", timeline);
        System.out.printf("  skicka → mail in the inbox:   %s%n", percentiles(toInbox));
        System.out.printf("  skicka → \"skickat\" page:      %s%n", percentiles(toSentPage));
        if (!prepared) {
            System.out.printf(
                    "  pages before skicka:          %s (GET / … step 2's page)%n", percentiles(flowBeforeSkicka));
        }
        registrations.stream()
                .filter(r -> r.failure != null)
                .collect(java.util.stream.Collectors.groupingBy(r -> r.failure, java.util.stream.Collectors.counting()))
                .forEach((failure, n) -> System.out.printf("  failure ×%d: %s%n", n, failure));
        if (!cpuBefore.isEmpty()) {
            var cpu = new StringBuilder();
            long total = 0;
            for (var process : cpuAfter.keySet()) {
                var used = Math.max(0, cpuAfter.get(process) - cpuBefore.getOrDefault(process, cpuAfter.get(process)));
                if (!process.equals("load generator")) {
                    total += used;
                }
                cpu.append(" %s %.1f s;".formatted(process, used / 1e9));
            }
            System.out.printf(
                    "  CPU:%s stack total %.1f s = %.1f ms per mail in the inbox%n",
                    cpu, total / 1e9, total / 1e6 / Math.max(1, inInbox.size()));
        }
        System.out.println("  gateway: " + gatewayCounters());
    }

    static String percentiles(long[] sorted) {
        return "p50 %s, p95 %s, p99 %s, max %s"
                .formatted(
                        millis(percentile(sorted, 0.50)),
                        millis(percentile(sorted, 0.95)),
                        millis(percentile(sorted, 0.99)),
                        millis(percentile(sorted, 1.0)));
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    static String millis(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        return nanos == Long.MAX_VALUE ? "(missing)" : "%.0f ms".formatted(nanos / 1e6);
    }

    /** The gateway's breaker and rate-limit counters (its Prometheus endpoint), to read failures by. */
    static String gatewayCounters() {
        try (var client = HttpClient.newHttpClient()) {
            var metrics = client.send(
                            request(RunningSystem.GATEWAY_MANAGEMENT + "/actuator/prometheus")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return metrics.lines()
                    .filter(line -> line.startsWith("resilience4j_circuitbreaker_not_permitted_calls_total")
                            || line.startsWith("resilience4j_circuitbreaker_calls_seconds_count")
                            || (line.startsWith("resilience4j_circuitbreaker_state") && line.endsWith(" 1.0"))
                            || line.startsWith("minasidor_gateway_rate_limit_rejections_total"))
                    .map(line -> line.replaceAll(",?application=\"gateway\"", ""))
                    .collect(java.util.stream.Collectors.joining("; "));
        } catch (IOException e) {
            return "unreadable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String commit(Path root) {
        try {
            var git = new ProcessBuilder("git", "log", "-1", "--format=%h %cI")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            var head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (git.waitFor() != 0) {
                return System.getProperty("benchmark.commit", "unknown (not a git checkout)");
            }
            var status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                    .directory(root.toFile())
                    .start();
            var changes = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return head + (changes.isEmpty() ? "" : " + uncommitted changes in the working tree");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String loadAverage() {
        try {
            var fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * CPU time of the stack's processes (from their pid files, each with its children: PostgreSQL's backends) and of
     * this load generator, in nanoseconds; what is unreadable is left out.
     */
    static final class StackCpu {
        static Map<String, Long> read(Path root) {
            var processes = new LinkedHashMap<String, ProcessHandle>();
            try (var files = Files.list(root.resolve(".local-stack/pids"))) {
                for (var file : files.sorted().toList()) {
                    var name = file.getFileName().toString().replace(".pid", "");
                    var pid = Long.parseLong(Files.readString(file).strip().split("\\s+")[0]);
                    ProcessHandle.of(pid).ifPresent(process -> processes.put(name, process));
                }
            } catch (IOException | RuntimeException e) {
                // No pid files (a stack not started by ./mina-sidor): only this process.
            }
            var recorded = processes.values().stream().map(ProcessHandle::pid).toList();
            var result = new LinkedHashMap<String, Long>();
            processes.forEach((name, process) -> result.put(name, withChildren(process, recorded)));
            result.put("load generator", cpu(ProcessHandle.current()));
            return result;
        }

        /** CPU of the stack's processes between two readings, without the load generator's. */
        static long stackTotal(Map<String, Long> before, Map<String, Long> after) {
            long total = 0;
            for (var process : after.keySet()) {
                if (!process.equals("load generator")) {
                    total += Math.max(0, after.get(process) - before.getOrDefault(process, after.get(process)));
                }
            }
            return total;
        }

        /** The process and its children (PostgreSQL's backends), but not children recorded on their own. */
        private static long withChildren(ProcessHandle process, List<Long> recorded) {
            return cpu(process)
                    + process.children()
                            .filter(child -> !recorded.contains(child.pid()))
                            .mapToLong(child -> withChildren(child, recorded))
                            .sum();
        }

        private static long cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
    }
}
