package se.teknikivast.minasidor.notification.delivery;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.events.EmailRequest;

/** What operations can do with the delivery log: look, and send a failed delivery again. */
@Service
public class DeliveryOperations {

    private static final Logger log = LoggerFactory.getLogger(DeliveryOperations.class);

    private final Deliveries deliveries;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryProperties properties;
    private final Clock clock;

    DeliveryOperations(
            Deliveries deliveries, DeliveryDispatcher dispatcher, DeliveryProperties properties, Clock clock) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.clock = clock;
    }

    public List<Delivery> list(DeliveryStatus status, int limit) {
        return deliveries.findByStatus(status, limit);
    }

    public Delivery get(UUID id) {
        return deliveries.findById(id).orElseThrow(() -> new DeliveryNotFoundException(id));
    }

    /**
     * Puts a failed delivery back in the queue, with a fresh retry window. A password-setup mail whose link has
     * expired is refused: the customer would get a dead link, and should ask for a new one instead.
     */
    @Transactional
    public Delivery redrive(UUID id, String by) {
        var delivery = get(id);
        if (delivery.status() != DeliveryStatus.FAILED) {
            throw new DeliveryNotRedrivableException(
                    "delivery-not-redrivable",
                    "Endast misslyckade utskick kan skickas om; det här har status " + delivery.status() + ".");
        }
        var json = deliveries.requestJson(id);
        if (json.isEmpty()) {
            throw new DeliveryNotRedrivableException(
                    "delivery-not-redrivable", "Utskicket saknar sitt innehåll och kan inte skickas om.");
        }
        var request = EmailRequestJson.parse(json.get());
        var now = clock.instant();
        if (EmailRequest.Type.PASSWORD_SETUP.equals(request.type())) {
            var minutes = parseMinutes(request.params().get("validMinutes"));
            if (minutes > 0 && !request.occurredAt().plusSeconds(minutes * 60L).isAfter(now)) {
                throw new DeliveryNotRedrivableException(
                        "link-expired",
                        "Länken i utskicket har gått ut. Kunden får begära en ny via \"Ny kund eller har du glömt "
                                + "ditt lösenord? Klicka här\".");
            }
        }
        if (!deliveries.redrive(id, now, now.plus(properties.retryFor()))) {
            throw new DeliveryNotRedrivableException(
                    "delivery-not-redrivable", "Utskicket ändrades samtidigt; försök igen.");
        }
        log.info("Delivery {} ({}) re-driven by {}", id, delivery.type(), by);
        dispatcher.wakeUp();
        return get(id);
    }

    private static long parseMinutes(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static class DeliveryNotFoundException extends RuntimeException {
        public DeliveryNotFoundException(UUID id) {
            super("No delivery " + id);
        }
    }

    public static class DeliveryNotRedrivableException extends RuntimeException {
        private final String code;

        public DeliveryNotRedrivableException(String code, String detail) {
            super(detail);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
