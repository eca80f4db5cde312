package se.teknikivast.minasidor.customer.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import se.teknikivast.minasidor.events.Topics;

/**
 * Where customer events go ({@code minasidor.customer-events.*}). The outbox relay's own settings are the shared
 * outbox's ({@code minasidor.outbox.*}).
 *
 * @param topic the topic ({@code customer.events.v1} unless set)
 */
@Validated
@ConfigurationProperties("minasidor.customer-events")
public record CustomerEventsProperties(String topic) {

    public CustomerEventsProperties {
        topic = topic == null || topic.isBlank() ? Topics.CUSTOMER_EVENTS : topic;
    }
}
