package se.teknikivast.minasidor.notification.email;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The topics this service reads and dead-letters to; defaults are {@code Topics.EMAIL_REQUESTS} and
 * {@code Topics.EMAIL_REQUESTS_DEAD_LETTER}. Configurable so that tests can use topics of their own.
 */
@Validated
@ConfigurationProperties("minasidor.notification.kafka")
public record KafkaTopicsProperties(
        @NotBlank String topic, @NotBlank String deadLetterTopic) {}
