package se.teknikivast.minasidor.notification.letter;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class LetterConfiguration {

    /** Created when missing (the local stack); the requests carry one-time codes, so the topic keeps them briefly. */
    @Bean
    NewTopic letterRequestsTopic(LetterProperties properties) {
        return TopicBuilder.name(properties.topic())
                .partitions(3)
                .config("retention.ms", String.valueOf(Duration.ofDays(1).toMillis()))
                .build();
    }
}
