package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * The login pages' static files pass through without the gateway's session: no Redis command for them (they are
 * served while Redis is down, even with a session cookie), with the security headers and auth-service's own caching
 * headers; nothing else slips through that way.
 */
class StaticFilesIntegrationTests {

    static final String CSS = "body { color: #123; }";
    static final String CACHE_FOREVER = "public, max-age=31536000, immutable";
    static final String ETAG = "\"login-3f2a9c\"";
    static final String LAST_MODIFIED = "Wed, 25 Nov 2026 08:00:00 GMT";

    static FakeBackend authService;
    static ConfigurableApplicationContext gateway;
    static String uri;
    static int port;
    static final List<String> seenByAuthService = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        authService = new FakeBackend()
                .on("/auth/css/", exchange -> {
                    seenByAuthService.add(exchange.getRequestURI().getRawPath());
                    exchange.getResponseHeaders().set("Cache-Control", CACHE_FOREVER);
                    exchange.getResponseHeaders().set("ETag", ETAG);
                    exchange.getResponseHeaders().set("Last-Modified", LAST_MODIFIED);
                    if (ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        // Like a backend that sends only the validator on a 304.
                        exchange.getResponseHeaders().remove("Cache-Control");
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    FakeBackend.respond(exchange, 200, "text/css", CSS);
                })
                .on("/auth/", exchange -> {
                    seenByAuthService.add(exchange.getRequestURI().getRawPath());
                    FakeBackend.respond(exchange, 200, "text/html; charset=utf-8", "page");
                });
        port = Gateways.freePort();
        uri = "http://localhost:" + port;
        gateway = Gateways.start(port, Map.of("MINASIDOR_AUTH_SERVICE_URI", authService.baseUri()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        authService.close();
    }

    @BeforeEach
    void forget() {
        seenByAuthService.clear();
    }

    /** A browser with a session stored in Redis (the pre-login session the redirect into the login makes). */
    static Browser browserWithSession() {
        var browser = new Browser();
        assertThat(browser.get(uri + "/").statusCode()).isEqualTo(302);
        assertThat(browser.cookie("__Host-MINASIDOR_SESSION")).isNotNull();
        return browser;
    }

    static long hgetallCalls() {
        var info = gateway.getBean(ReactiveRedisConnectionFactory.class)
                .getReactiveConnection()
                .serverCommands()
                .info("commandstats")
                .block(Duration.ofSeconds(5));
        var stats = info.getProperty("cmdstat_hgetall");
        if (stats == null) {
            return 0;
        }
        // calls=12,usec=...
        return Long.parseLong(stats.split(",")[0].substring("calls=".length()));
    }

    @Test
    void sendsNoRedisCommandForAStaticFileThatCarriesASessionCookie() {
        var browser = browserWithSession();
        var before = hgetallCalls();

        for (var path : List.of("/auth/css/login.css", "/css/mina-sidor.css")) {
            assertThat(browser.get(uri + path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(hgetallCalls()).isEqualTo(before);

        // The same cookie on a page does load the session: the count above could have moved.
        browser.get(uri + "/auth/login");
        assertThat(hgetallCalls()).isGreaterThan(before);
    }

    @Test
    void servesStaticFilesWithTheSecurityAndCachingHeadersWhileRedisIsDown() {
        var browser = browserWithSession();
        var redis = TestInfrastructure.redis();
        redis.stop();
        try {
            var css = browser.get(uri + "/auth/css/login.3f2a9c.css");
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.body()).isEqualTo(CSS);
            var headers = css.headers();
            assertThat(headers.allValues("Cache-Control")).containsExactly(CACHE_FOREVER);
            assertThat(headers.firstValue("ETag")).hasValue(ETAG);
            assertThat(headers.firstValue("Last-Modified")).hasValue(LAST_MODIFIED);
            assertThat(headers.firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(headers.firstValue("Strict-Transport-Security")).hasValue("max-age=31536000; includeSubDomains");
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
            // The gateway's session cookie does not reach auth-service, and no new one is set.
            assertThat(headers.allValues("Set-Cookie")).isEmpty();

            var own = browser.get(uri + "/css/mina-sidor.css");
            assertThat(own.statusCode()).isEqualTo(200);
            assertThat(own.headers().firstValue("Content-Security-Policy")).isPresent();
        } finally {
            redis.start();
        }
    }

    @Test
    void passesANotModifiedThroughWithoutMakingItNoStore() {
        var response = new Browser().get(uri + "/auth/css/login.3f2a9c.css", "If-None-Match", ETAG);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.headers().firstValue("ETag")).hasValue(ETAG);
        assertThat(response.headers().allValues("Cache-Control")).doesNotContain("no-store");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void stillMarksOtherAnswersNoStore() {
        var page = new Browser().get(uri + "/auth/login");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void refusesPathsThatLeaveTheStaticPrefixes() {
        for (var path : List.of(
                "/auth/css/../login",
                "/auth/css/%2e%2e/login",
                "/auth/css/%2E%2E/login",
                "/auth/css/..;/login",
                "/auth/css/..%2flogin",
                "/auth/css/..%2Flogin",
                "/auth/css//../login",
                "/auth/js/./../login")) {
            var status = rawGet(path);
            assertThat(status).as(path).startsWith("HTTP/1.1 400");
        }
        assertThat(seenByAuthService).isEmpty();
    }

    @Test
    void otherMethodsOnStaticPathsTakeTheNormalWay() throws Exception {
        var client = HttpClient.newHttpClient();
        var response = client.send(
                HttpRequest.newBuilder(URI.create(uri + "/auth/css/login.css"))
                        .timeout(Browser.ANSWER_WITHIN)
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .header(
                                "Cookie",
                                "__Host-MINASIDOR_SESSION="
                                        + browserWithSession().cookie("__Host-MINASIDOR_SESSION"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // Proxied (auth-service protects its own forms), but through the security chain, which loaded the session.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Cache-Control")).contains(CACHE_FOREVER);
    }

    /** Sends the path exactly as written (an HTTP client would normalise it first). */
    static String rawGet(String path) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
