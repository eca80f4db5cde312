package se.teknikivast.minasidor.notification.email;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import se.teknikivast.minasidor.notification.delivery.MalformedEmailRequestException;
import se.teknikivast.minasidor.notification.templates.InvalidEmailRequestException;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * An unreadable record goes to the dead-letter topic at once (it will never become readable). Anything else, in
     * practice PostgreSQL being unreachable, is retried with back-off for as long as it takes: dead-lettering a good
     * request because our own database was down would lose a customer's mail.
     */
    @Bean
    DefaultErrorHandler emailRequestErrorHandler(KafkaTemplate<byte[], byte[]> template, KafkaTopicsProperties topics) {
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, e) -> new TopicPartition(topics.deadLetterTopic(), -1));
        var backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEmailRequestException.class, InvalidEmailRequestException.class);
        return handler;
    }

    /** Created when missing (the local stack); the request topic carries one-time links, so it keeps them briefly. */
    @Bean
    NewTopic emailRequestsTopic(KafkaTopicsProperties topics) {
        return TopicBuilder.name(topics.topic())
                .partitions(3)
                .config("retention.ms", String.valueOf(Duration.ofDays(1).toMillis()))
                .build();
    }

    @Bean
    NewTopic emailRequestsDeadLetterTopic(KafkaTopicsProperties topics) {
        return TopicBuilder.name(topics.deadLetterTopic())
                .partitions(3)
                .config("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()))
                .build();
    }
}
