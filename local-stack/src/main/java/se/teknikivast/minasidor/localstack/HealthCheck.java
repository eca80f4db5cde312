package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a Spring Boot actuator health endpoint to say UP, while the process behind it is still alive. */
final class HealthCheck {

    enum Outcome {
        UP,
        EXITED,
        TIMED_OUT
    }

    private final HttpClient client;
    private final Duration pollInterval;

    HealthCheck(Duration pollInterval) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.pollInterval = pollInterval;
    }

    boolean isUp(String url) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && response.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Polls {@code url} until it is UP, {@code alive} turns false (the process exited: no point waiting) or
     * {@code deadline} passes.
     */
    Outcome await(String url, BooleanSupplier alive, Instant deadline) {
        while (true) {
            if (!alive.getAsBoolean()) {
                return Outcome.EXITED;
            }
            if (isUp(url)) {
                return Outcome.UP;
            }
            if (!Instant.now().isBefore(deadline)) {
                return Outcome.TIMED_OUT;
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.TIMED_OUT;
            }
        }
    }
}
