package se.teknikivast.minasidor.auth.password;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import se.teknikivast.minasidor.events.ConsumerRetries;

@Configuration(proxyBeanMethods = false)
class CustomerEventsKafka {

    /** A customer event that fails (PostgreSQL down) is retried for an hour: an old link must not stay usable. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        return ConsumerRetries.forAnHour();
    }
}
