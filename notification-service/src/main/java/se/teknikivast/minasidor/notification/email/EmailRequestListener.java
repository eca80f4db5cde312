package se.teknikivast.minasidor.notification.email;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.notification.delivery.DeliveryIntake;
import se.teknikivast.minasidor.notification.delivery.EmailRequestJson;

/**
 * Reads {@code notification.email.v1}. All it does per record is parse it and write it to the delivery log, so a slow
 * or absent SMTP server never holds up the partition; an unreadable record is dead-lettered by the error handler.
 */
@Component
class EmailRequestListener {

    private final DeliveryIntake intake;

    EmailRequestListener(DeliveryIntake intake) {
        this.intake = intake;
    }

    @KafkaListener(id = "email-requests", topics = "${minasidor.notification.kafka.topic}")
    void onEmailRequest(ConsumerRecord<byte[], byte[]> record) {
        intake.accept(EmailRequestJson.parse(record.value()));
    }
}
