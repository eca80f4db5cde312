package se.teknikivast.minasidor.outbox;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.retention.DataRetention;
import se.teknikivast.minasidor.retention.RetentionRule;

/**
 * The outbox of a service that publishes to Kafka: import it ({@code @Import(TransactionalOutbox.class)}), create the
 * table (see {@link Outbox}) in the service's migrations, and append {@link OutboxMessage}s inside the transactions
 * that make them true. Needs a {@link Clock} bean; carries the request's trace onto the record where Micrometer
 * Tracing is present. Published rows are deleted after {@code minasidor.retention.outbox.published} by the service's
 * pruning job ({@link DataRetention}), the same for every service that imports this.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OutboxProperties.class, OutboxRetentionProperties.class})
@Import(DataRetention.class)
public class TransactionalOutbox {

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaProperties kafkaProperties,
            OutboxProperties properties,
            Clock clock,
            ObjectProvider<WaitingTraces> traces) {
        return new OutboxRelay(jdbc, transactions, kafkaProperties, properties, clock, traces);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, OutboxRelay relay) {
        return new Outbox(jdbc, relay);
    }

    /** Published rows only: an unpublished one waits for Kafka, however old it is. */
    @Bean
    RetentionRule publishedOutboxMessages(OutboxRetentionProperties retention) {
        return new RetentionRule("outbox", retention.published(), "published_at < :cutoff");
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Metrics {

        @Bean
        OutboxMetrics outboxMetrics(JdbcClient jdbc, Clock clock) {
            return new OutboxMetrics(jdbc, clock);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static class Tracing {

        @Bean
        WaitingTraces outboxWaitingTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            return new WaitingTraces(tracer, propagator);
        }
    }
}
