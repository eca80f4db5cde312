package se.teknikivast.minasidor.gateway.session;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * A record that fails (Redis down or slow) is retried with back-off from 1 s up to 1 min for an hour before it is
     * logged and skipped: sessions that should end must not survive a short Redis outage, and a longer one cannot hold
     * up the partition for ever. Spring Kafka's default (ten quick tries) would give up within a second.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        var backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(Duration.ofMinutes(1).toMillis());
        backOff.setMaxElapsedTime(Duration.ofHours(1).toMillis());
        return new DefaultErrorHandler(backOff);
    }
}
