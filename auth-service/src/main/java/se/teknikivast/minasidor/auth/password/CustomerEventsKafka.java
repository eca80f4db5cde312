package se.teknikivast.minasidor.auth.password;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class CustomerEventsKafka {

    /**
     * A customer event that fails (PostgreSQL down) is retried with back-off from 1 s up to 1 min for an hour: an old
     * link must not stay usable because of a short outage. Spring Kafka's default gives up within a second.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        var backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(Duration.ofMinutes(1).toMillis());
        backOff.setMaxElapsedTime(Duration.ofHours(1).toMillis());
        return new DefaultErrorHandler(backOff);
    }
}
