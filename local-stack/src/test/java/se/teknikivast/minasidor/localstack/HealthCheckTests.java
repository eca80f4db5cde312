package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckTests {

    private final HealthCheck health = new HealthCheck(Duration.ofMillis(20));
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer server;
    private volatile int upAfter = Integer.MAX_VALUE;

    @BeforeEach
    void startActuator() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health", exchange -> {
            boolean up = calls.incrementAndGet() > upAfter;
            var body = (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopActuator() {
        server.stop(0);
    }

    private String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/actuator/health";
    }

    @Test
    void waitsUntilTheServiceSaysUp() {
        upAfter = 3;

        var outcome = health.await(url(), () -> true, Instant.now().plusSeconds(30));

        assertThat(outcome).isEqualTo(HealthCheck.Outcome.UP);
        assertThat(calls.get()).isEqualTo(4);
    }

    @Test
    void stopsWaitingAsSoonAsTheProcessHasExited() {
        var outcome = health.await(url(), () -> false, Instant.now().plusSeconds(30));

        assertThat(outcome).isEqualTo(HealthCheck.Outcome.EXITED);
        assertThat(calls.get()).isZero();
    }

    @Test
    void givesUpAtTheDeadlineWhenTheServiceStaysDown() {
        var outcome = health.await(url(), () -> true, Instant.now().plusMillis(300));

        assertThat(outcome).isEqualTo(HealthCheck.Outcome.TIMED_OUT);
        assertThat(calls.get()).isPositive();
    }

    @Test
    void aServiceThatDoesNotListenIsNotUp() {
        server.stop(0);

        assertThat(health.isUp(url())).isFalse();
    }
}
