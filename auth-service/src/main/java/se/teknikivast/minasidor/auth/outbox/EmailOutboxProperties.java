package se.teknikivast.minasidor.auth.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import se.teknikivast.minasidor.events.Topics;

/**
 * Where auth-service's messages go ({@code minasidor.email-outbox.*}); every value has a default so nothing needs
 * setting. The relay's own settings are the shared outbox's ({@code minasidor.outbox.*}).
 *
 * @param topic where e-mail requests go ({@code notification.email.v1})
 * @param authEventsTopic where security events such as a password change go ({@code auth.events.v1})
 * @param letterTopic where letter requests go ({@code notification.letter.v1})
 */
@Validated
@ConfigurationProperties("minasidor.email-outbox")
public record EmailOutboxProperties(String topic, String authEventsTopic, String letterTopic) {

    public EmailOutboxProperties {
        topic = topic == null || topic.isBlank() ? Topics.EMAIL_REQUESTS : topic;
        authEventsTopic = authEventsTopic == null || authEventsTopic.isBlank() ? Topics.AUTH_EVENTS : authEventsTopic;
        letterTopic = letterTopic == null || letterTopic.isBlank() ? Topics.LETTER_REQUESTS : letterTopic;
    }
}
