package se.teknikivast.minasidor.notification.delivery;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import se.teknikivast.minasidor.events.EmailRequest;
import se.teknikivast.minasidor.identity.Masking;
import se.teknikivast.minasidor.notification.templates.EmailTemplates;
import se.teknikivast.minasidor.notification.templates.InvalidEmailRequestException;

/**
 * Takes a request off Kafka into the delivery log. Once this returns, the request is safe in PostgreSQL and the Kafka
 * offset may be committed: sending, retrying and giving up happen from the database, never holding up the
 * partition.
 */
@Service
public class DeliveryIntake {

    private static final Logger log = LoggerFactory.getLogger(DeliveryIntake.class);

    private final Deliveries deliveries;
    private final EmailTemplates templates;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryMetrics metrics;
    private final DeliveryProperties properties;
    private final Clock clock;

    DeliveryIntake(
            Deliveries deliveries,
            EmailTemplates templates,
            DeliveryDispatcher dispatcher,
            DeliveryMetrics metrics,
            DeliveryProperties properties,
            Clock clock) {
        this.deliveries = deliveries;
        this.templates = templates;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    public enum Outcome {
        /** New; it will be sent. */
        ACCEPTED,
        /** Seen before (Kafka redelivered it): nothing to do. */
        DUPLICATE,
        /** New but unsendable: recorded as failed and dead-lettered. */
        REJECTED
    }

    public Outcome accept(EmailRequest request) {
        var now = clock.instant();
        String problem = null;
        try {
            MailComposer.recipient(request.to());
            templates.validate(request);
        } catch (InvalidEmailRequestException e) {
            problem = e.getMessage();
        }
        var inserted = deliveries.insertIfAbsent(new Deliveries.NewDelivery(
                request.id(),
                request.type(),
                EmailTemplates.localeOf(request).getLanguage(),
                request.customerNumber(),
                Masking.email(request.to()),
                EmailRequestJson.write(request),
                problem == null ? DeliveryStatus.PENDING : DeliveryStatus.FAILED,
                problem,
                request.occurredAt(),
                now,
                now.plus(properties.retryFor())));
        if (!inserted) {
            metrics.duplicate(request.type());
            log.debug("Request {} was delivered again; it is already in the delivery log", request.id());
            return Outcome.DUPLICATE;
        }
        if (problem != null) {
            metrics.deadLettered(request.type(), "invalid-request");
            log.warn(
                    "Request {} ({}) to {} cannot be sent: {}",
                    request.id(),
                    request.type(),
                    Masking.email(request.to()),
                    problem);
            return Outcome.REJECTED;
        }
        dispatcher.wakeUp();
        return Outcome.ACCEPTED;
    }
}
