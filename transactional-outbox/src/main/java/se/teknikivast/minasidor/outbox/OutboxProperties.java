package se.teknikivast.minasidor.outbox;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay ({@code minasidor.outbox.*}); every value has a default, so nothing needs setting.
 *
 * @param pollInterval how often the relay looks for pending rows when no commit woke it; also the retry interval
 *     while Kafka is unavailable (default 1 s)
 * @param batchSize rows per relay round (default 100)
 * @param sendTimeout how long a round waits for Kafka's acknowledgements before it tries again later (default 10 s)
 * @param erasePublishedPayload whether a row's payload is erased once Kafka has it (default {@code true}): a payload
 *     that carries a one-time link or an activation code must not outlive its delivery in a second place
 */
@Validated
@ConfigurationProperties("minasidor.outbox")
public record OutboxProperties(
        @NotNull Duration pollInterval,
        @Positive Integer batchSize,
        @NotNull Duration sendTimeout,
        @NotNull Boolean erasePublishedPayload) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize == null ? 100 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
        erasePublishedPayload = erasePublishedPayload == null || erasePublishedPayload;
    }
}
