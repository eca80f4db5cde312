package se.teknikivast.minasidor.infrastructure.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * Someone on the network, or a service that was taken over, against the broker the local stack and the tests use:
 * without a login nothing gets in, and a service's user may write only what it produces and read only what it
 * consumes, in its own consumer groups. A forged {@code PasswordChanged} or a phishing e-mail request must not come
 * from anyone but auth-service.
 */
class KafkaAccessIntegrationTests {

    private final TestInfrastructure.Kafka kafka = TestInfrastructure.kafka();

    @Test
    void aClientWithoutALoginGetsNothingIn() {
        var failure =
                catchThrowable(() -> send(Map.of("bootstrap.servers", kafka.bootstrapServers()), "auth.events.v1"));

        assertThat(failure).as("a producer without SASL").isNotNull();
    }

    @Test
    void aWrongPasswordIsRefused() {
        var config = new HashMap<>(kafka.clientProperties(KafkaAccess.AUTH_SERVICE));
        config.put(
                "sasl.jaas.config",
                KafkaAccess.jaas(
                        "org.apache.kafka.common.security.scram.ScramLoginModule",
                        KafkaAccess.AUTH_SERVICE,
                        "guessed"));

        var failure = catchThrowable(() -> send(config, "auth.events.v1"));

        assertThat(failure).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    /** Each writes where only another service may: events that end sessions, e-mails and letters with links. */
    @ParameterizedTest
    @CsvSource({
        "customer-service, auth.events.v1",
        "customer-service, notification.email.v1",
        "gateway, auth.events.v1",
        "notification-service, notification.letter.v1",
        "notification-service, customer.events.v1",
        "auth-service, customer.events.v1",
        "auth-service, notification.email.v1.dlt"
    })
    void aServiceMayNotWriteWhatItDoesNotProduce(String user, String topic) {
        var failure = catchThrowable(() -> send(kafka.clientProperties(user), topic));

        assertThat(failure).hasRootCauseInstanceOf(AuthorizationException.class);
    }

    @Test
    void aConsumerMayNotUseAnotherServicesGroup() {
        var failure = catchThrowable(() -> poll(KafkaAccess.GATEWAY, "auth-service", "auth.events.v1"));

        assertThat(failure).isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void aConsumerMayNotReadWhatItDoesNotConsume() {
        var failure = catchThrowable(() -> poll(KafkaAccess.NOTIFICATION_SERVICE, "email-requests", "auth.events.v1"));

        assertThat(failure).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theProducerAndItsConsumerStillExchangeEvents() throws Exception {
        var key = UUID.randomUUID().toString();
        send(kafka.clientProperties(KafkaAccess.AUTH_SERVICE), "auth.events.v1", key);

        assertThat(pollUntil(KafkaAccess.GATEWAY, "gateway", "auth.events.v1", key))
                .isTrue();
    }

    private void send(Map<String, Object> client, String topic) throws Exception {
        send(client, topic, "100001");
    }

    private void send(Map<String, Object> client, String topic, String key) throws Exception {
        var config = new HashMap<>(client);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "{\"type\":\"PasswordChanged\"}"))
                    .get();
        }
    }

    private void poll(String user, String group, String topic) {
        try (var consumer = consumer(user, group)) {
            consumer.subscribe(List.of(topic));
            consumer.poll(Duration.ofSeconds(10));
        }
    }

    private boolean pollUntil(String user, String group, String topic, String key) {
        try (var consumer = consumer(user, group)) {
            consumer.subscribe(List.of(topic));
            var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private KafkaConsumer<String, String> consumer(String user, String group) {
        var config = new HashMap<>(kafka.clientProperties(user));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
