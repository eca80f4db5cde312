package se.teknikivast.minasidor.gateway.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import se.teknikivast.minasidor.events.ConsumerRetries;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * A record that fails (Redis down or slow) is retried for an hour before it is logged and skipped: sessions that
     * should end must not survive a short Redis outage.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        return ConsumerRetries.forAnHour();
    }
}
