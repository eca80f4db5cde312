package se.teknikivast.minasidor.customer.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads customer events as a consumer does, from the topic (the outbox erases a row's payload once Kafka has it), as
 * the administrator in a group of its own: customer-service's Kafka user may only write them.
 */
public final class PublishedEvents {

    private PublishedEvents() {}

    /** The first event of the type for the customer on the topic, waiting up to a minute for it. */
    public static JsonNode first(String topic, String customerNumber, String type) {
        var config = new HashMap<>(TestInfrastructure.kafka().clientProperties(KafkaAccess.ADMIN));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        var json = JsonMapper.builder().build();
        var found = new AtomicReference<JsonNode>();
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(300))) {
                    var event = json.readTree(record.value());
                    if (customerNumber.equals(record.key())
                            && type.equals(event.get("type").asString())
                            && found.get() == null) {
                        found.set(event);
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }
}
