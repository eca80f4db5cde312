package se.teknikivast.minasidor.notification.email;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.notification.delivery.Deliveries;

/**
 * Puts failed deliveries on the dead-letter topic, from the delivery log (an outbox): a delivery is marked failed
 * first and published here after, so a Kafka outage delays the dead letter but never loses it.
 */
@Component
class DeadLetterRelay {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRelay.class);

    private final Deliveries deliveries;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final KafkaTopicsProperties topics;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DeadLetterRelay(
            Deliveries deliveries,
            KafkaTemplate<byte[], byte[]> kafka,
            KafkaTopicsProperties topics,
            TransactionTemplate transactions,
            Clock clock) {
        this.deliveries = deliveries;
        this.kafka = kafka;
        this.topics = topics;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${minasidor.notification.delivery.poll-interval}")
    void publishFailedDeliveries() {
        try {
            Integer published;
            do {
                published = transactions.execute(status -> publishBatch());
            } while (published != null && published > 0);
        } catch (RuntimeException e) {
            log.warn("Dead letters wait for Kafka: {}", e.getMessage());
        }
    }

    private int publishBatch() {
        var batch = deliveries.lockUndeadLettered(50);
        for (var letter : batch) {
            var record = new ProducerRecord<>(
                    topics.deadLetterTopic(),
                    letter.customerNumber().getBytes(StandardCharsets.UTF_8),
                    letter.requestJson() == null ? null : letter.requestJson().getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(topics.topic()));
            record.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(String.valueOf(letter.lastError())));
            record.headers().add("x-delivery-id", bytes(letter.id().toString()));
            try {
                kafka.send(record).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Could not publish dead letter " + letter.id(), e);
            }
            deliveries.markDeadLettered(letter.id(), clock.instant());
            log.info("Delivery {} ({}) put on {}", letter.id(), letter.type(), topics.deadLetterTopic());
        }
        return batch.size();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
