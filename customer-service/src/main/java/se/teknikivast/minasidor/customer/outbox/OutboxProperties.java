package se.teknikivast.minasidor.customer.outbox;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The transactional outbox for customer events.
 *
 * @param topic where the events go ({@code customer.events.v1})
 * @param pollInterval how often the relay looks for unpublished events when no commit woke it up; also the retry
 *     interval while Kafka is unavailable
 * @param batchSize how many events one relay round sends at most
 * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch before it tries again later
 */
@Validated
@ConfigurationProperties("minasidor.outbox")
public record OutboxProperties(
        @NotBlank String topic,
        @NotNull Duration pollInterval,
        @Positive int batchSize,
        @NotNull Duration sendTimeout) {}
