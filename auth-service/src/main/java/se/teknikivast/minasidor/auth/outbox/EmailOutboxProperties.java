package se.teknikivast.minasidor.auth.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import se.teknikivast.minasidor.events.Topics;

/**
 * The e-mail request outbox ({@code minasidor.email-outbox.*}); every value has a default so nothing needs setting.
 *
 * @param topic where e-mail requests go ({@code notification.email.v1})
 * @param authEventsTopic where security events such as a password change go ({@code auth.events.v1})
 * @param letterTopic where letter requests go ({@code notification.letter.v1})
 * @param pollInterval how often pending rows are retried when no commit woke the relay (e.g. Kafka was down)
 * @param batchSize rows per relay round
 * @param sendTimeout how long a round waits for Kafka's acknowledgements
 */
@ConfigurationProperties("minasidor.email-outbox")
public record EmailOutboxProperties(
        String topic,
        String authEventsTopic,
        String letterTopic,
        Duration pollInterval,
        Integer batchSize,
        Duration sendTimeout) {

    public EmailOutboxProperties {
        topic = topic == null || topic.isBlank() ? Topics.EMAIL_REQUESTS : topic;
        authEventsTopic = authEventsTopic == null || authEventsTopic.isBlank() ? Topics.AUTH_EVENTS : authEventsTopic;
        letterTopic = letterTopic == null || letterTopic.isBlank() ? Topics.LETTER_REQUESTS : letterTopic;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize == null || batchSize < 1 ? 100 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
    }
}
