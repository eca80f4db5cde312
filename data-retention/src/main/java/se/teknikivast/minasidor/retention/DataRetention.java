package se.teknikivast.minasidor.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pruning job of a service: import it ({@code @Import(DataRetention.class)}) where {@link RetentionRule} beans are
 * declared; however often it is imported, a service has one job, which applies every rule bean of the context. Needs
 * a {@link Clock} bean; counts into the {@link MeterRegistry} where there is one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionProperties.class)
public class DataRetention {

    @Bean
    RetentionJob retentionJob(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            RetentionProperties properties,
            Clock clock,
            ObjectProvider<RetentionRule> rules,
            ObjectProvider<MeterRegistry> meters) {
        return new RetentionJob(
                jdbc, transactions, properties, clock, rules.orderedStream().toList(), meters.getIfAvailable());
    }
}
