package se.teknikivast.minasidor.outbox.benchmark;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/** One way of getting a message from a committed transaction to Kafka, in a Spring context of its own. */
interface Contender extends AutoCloseable {

    String name();

    /** Where the next run's messages go. */
    void publishTo(String topic);

    /**
     * One transaction that appends {@code event}; {@code committed} runs first thing after the commit (before the
     * contender's own after-commit work).
     */
    void commit(CustomerChanged event, Runnable committed);

    /** Empties the contender's table before a run (not timed). */
    void clear();

    /** The rows in the contender's table, and how many of them are not yet marked published (completed). */
    Rows rows();

    @Override
    void close();

    record Rows(long total, long pending) {}

    /** Registers {@code committed} to run before every other after-commit callback of the current transaction. */
    static void onCommit(Runnable committed) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public int getOrder() {
                return Ordered.HIGHEST_PRECEDENCE;
            }

            @Override
            public void afterCommit() {
                committed.run();
            }
        });
    }

    /**
     * Starts {@code application} with the settings both contenders share: a database of its own on the shared
     * PostgreSQL, the services' pool size and virtual threads, Kafka as customer-service (the stand-in topics carry
     * its ACLs) with the outbox relay's producer settings (acks=all, idempotence, no linger, short blocking), plus
     * {@code extra}.
     */
    static ConfigurableApplicationContext start(Class<?> application, String database, Map<String, Object> extra) {
        var postgres = TestInfrastructure.postgres();
        var kafka = TestInfrastructure.kafka();
        var login = kafka.clientProperties(KafkaAccess.CUSTOMER_SERVICE);
        var properties = new HashMap<String, Object>();
        properties.put("spring.datasource.url", postgres.createDatabase(TestInfrastructure.uniqueName(database)));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("spring.datasource.hikari.maximum-pool-size", 10);
        properties.put("spring.threads.virtual.enabled", true);
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.kafka.security.protocol", login.get("security.protocol"));
        properties.put("spring.kafka.properties.sasl.mechanism", login.get("sasl.mechanism"));
        properties.put("spring.kafka.properties.sasl.jaas.config", login.get("sasl.jaas.config"));
        properties.put("spring.kafka.producer.acks", "all");
        properties.put("spring.kafka.producer.properties.enable.idempotence", true);
        properties.put("spring.kafka.producer.properties.linger.ms", 0);
        properties.put("spring.kafka.producer.properties.max.block.ms", 5000);
        properties.put("spring.kafka.producer.properties.request.timeout.ms", 5000);
        properties.put("spring.kafka.producer.properties.delivery.timeout.ms", 10000);
        properties.putAll(extra);
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties)
                .run();
    }
}
