package se.teknikivast.minasidor.auth.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.teknikivast.minasidor.auth.Browser;
import se.teknikivast.minasidor.auth.FakeCustomerService;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

/**
 * What a page or a static file costs in Redis, against real Redis sessions: static files under content-hashed URLs,
 * cached for a year and served without reading the session; pages that change nothing read the session once and
 * write nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithRedis
class SessionTrafficIntegrationTests {

    static final FakeCustomerService customerService = FakeCustomerService.start();
    static final String NAMESPACE = TestInfrastructure.uniqueName("session");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("minasidor.customer-service.base-url", customerService::baseUrl);
        registry.add("minasidor.authorizations.key-prefix", () -> TestInfrastructure.uniqueName("authz"));
        registry.add("spring.session.data.redis.namespace", () -> NAMESPACE);
    }

    @AfterAll
    static void stopCustomerService() {
        customerService.close();
    }

    static final Pattern LINKED = Pattern.compile("(?:href|src)=\"(/auth/(?:css|js|img)/[^\"]+)\"");
    static final Pattern HASHED = Pattern.compile("/auth/(?:css|js|img)/[\\w-]+-[0-9a-f]{32}\\.(?:css|js|svg)");
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Value("${local.server.port}")
    int port;

    String url(String path) {
        return "http://localhost:" + port + "/auth" + path;
    }

    static List<String> linked(String page) {
        return LINKED.matcher(page).results().map(m -> m.group(1)).distinct().toList();
    }

    @Test
    void everyPageLinksItsStylesheetsScriptsAndImagesByContentHash() {
        var browser = new Browser();
        var login = browser.get(url("/login")).body();
        assertThat(browser.get(url("/losenord/l/okand-lank")).statusCode()).isEqualTo(303);
        var pages = Map.of(
                "login", login,
                "registration", browser.get(url("/registrering")).body(),
                "unknown password link", browser.get(url("/losenord")).body(),
                "error", browser.get(url("/registrering/finns-inte")).body());

        assertThat(linked(login))
                .as("the login page's stylesheets, scripts and logo")
                .hasSizeGreaterThanOrEqualTo(5);
        pages.forEach((name, page) -> assertThat(linked(page))
                .as(name)
                .isNotEmpty()
                .allSatisfy(link -> assertThat(link).matches(HASHED)));
    }

    @Test
    void hashedUrlsAreCachedForAYearWithTheSecurityHeaders() {
        var browser = new Browser();
        var links = linked(browser.get(url("/login")).body());
        for (var link : links) {
            var response = browser.get("http://localhost:" + port + link);
            assertThat(response.statusCode()).as(link).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control"))
                    .as(link)
                    .hasValue("max-age=31536000, public, immutable");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        }
        var css = links.stream()
                .filter(l -> l.contains("/css/mina-sidor-"))
                .findFirst()
                .orElseThrow();

        // The plain URL still answers (an old page), but must be revalidated; a wrong hash is not found.
        var plain = browser.get(url("/css/mina-sidor.css"));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("no-cache");
        var wrongHash = browser.get(url("/css/mina-sidor-0123456789abcdef0123456789abcdef.css"));
        assertThat(wrongHash.statusCode()).isEqualTo(404);
        assertThat(css).isNotEqualTo("/auth/css/mina-sidor-0123456789abcdef0123456789abcdef.css");
    }

    @Test
    void aPageThatChangesNothingReadsTheSessionOnceAndWritesNothing() throws Exception {
        var browser = new Browser();
        try (var monitor = new RedisMonitor()) {
            var step1 = browser.get(url("/registrering"));
            var posted =
                    browser.postForm(url("/registrering"), Map.of("customerNumber", "100006", "_csrf", csrf(step1)));
            assertThat(posted.statusCode()).isEqualTo(303);
            var sessionId = browser.cookie("MINASIDOR_AUTH_SESSION");
            assertThat(sessionId).isNotNull();
            monitor.mark("session made");
            assertThat(monitor.sessionCommands())
                    .as("the step that stores the customer number writes the session")
                    .anyMatch(command -> command.startsWith("HMSET") || command.startsWith("HSET"));

            monitor.clear();
            int pages = 3;
            for (int i = 0; i < pages; i++) {
                assertThat(browser.get(url("/registrering/uppgifter")).body()).contains("100006");
                monitor.mark("page " + i);
            }
            var commands = monitor.sessionCommands();
            assertThat(commands)
                    .as("one read per page, no write")
                    .hasSize(pages)
                    .allMatch(c -> c.startsWith("HGETALL"));
        }
    }

    @Test
    void staticFilesDoNotTouchTheSessionEvenWithASessionCookie() throws Exception {
        var browser = new Browser();
        var step1 = browser.get(url("/registrering"));
        browser.postForm(url("/registrering"), Map.of("customerNumber", "100006", "_csrf", csrf(step1)));
        assertThat(browser.cookie("MINASIDOR_AUTH_SESSION")).isNotNull();
        var links = linked(step1.body());
        try (var monitor = new RedisMonitor()) {
            monitor.mark("before");
            monitor.clear();
            for (var link : links) {
                assertThat(browser.get("http://localhost:" + port + link).statusCode())
                        .as(link)
                        .isEqualTo(200);
            }
            // The page itself, as a control: the same cookie does reach the session there.
            browser.get(url("/registrering/uppgifter"));
            monitor.mark("after");
            assertThat(monitor.sessionCommands()).as("only the page's read").hasSize(1);
        }
    }

    static String csrf(HttpResponse<String> page) {
        var matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).as("CSRF field").isTrue();
        return matcher.group(1);
    }

    /** Redis's MONITOR stream on a connection of its own: the commands on this test's session keys, in order. */
    static final class RedisMonitor implements AutoCloseable {

        private final Socket monitor;
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final Thread reader;

        RedisMonitor() throws Exception {
            var redis = TestInfrastructure.redis();
            monitor = new Socket(redis.host(), redis.port());
            send(monitor.getOutputStream(), "MONITOR");
            var in = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("+OK");
            reader = Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (Exception closed) {
                    // closed at the end of the test
                }
            });
        }

        /** Sends a marker command and waits until MONITOR shows it: everything before it has been seen. */
        void mark(String name) throws Exception {
            var key = NAMESPACE + "-marker-" + name.replace(' ', '-');
            try (var client = new Socket(monitor.getInetAddress(), monitor.getPort())) {
                send(client.getOutputStream(), "GET", key);
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains(key)));
        }

        void clear() {
            lines.clear();
        }

        /**
         * The commands on this test's session hashes and their expiry keys, e.g. {@code HGETALL <key>} (not Spring
         * Session's once-a-minute sweep of the expiry sets, which only touches sessions that are due).
         */
        List<String> sessionCommands() {
            return lines.stream()
                    .filter(line -> line.contains("\"" + NAMESPACE + ":sessions:"))
                    .map(line -> line.substring(line.indexOf("] \"") + 3).replace("\"", ""))
                    .toList();
        }

        private static void send(OutputStream out, String... words) throws Exception {
            var command = new StringBuilder("*" + words.length + "\r\n");
            for (var word : words) {
                command.append('$')
                        .append(word.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(word)
                        .append("\r\n");
            }
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws Exception {
            monitor.close();
            reader.join(Duration.ofSeconds(5));
        }
    }
}
