package se.teknikivast.minasidor.notification;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * Requests as auth-service sends them: logged in as auth-service, the one Kafka user who may write e-mail and letter
 * requests (notification-service's own user may only read them).
 */
public final class AuthServiceProducer {

    private static final KafkaTemplate<byte[], byte[]> TEMPLATE = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
            TestInfrastructure.kafka().clientProperties(KafkaAccess.AUTH_SERVICE),
            new ByteArraySerializer(),
            new ByteArraySerializer()));

    private AuthServiceProducer() {}

    public static KafkaTemplate<byte[], byte[]> template() {
        return TEMPLATE;
    }
}
