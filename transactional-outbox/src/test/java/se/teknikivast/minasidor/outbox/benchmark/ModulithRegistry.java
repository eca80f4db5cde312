package se.teknikivast.minasidor.outbox.benchmark;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contender B: Spring Modulith's JDBC event publication registry with Kafka externalization, as documented and with
 * its defaults. The {@link CustomerChanged} event (annotated {@code @Externalized}) is published through the
 * {@link ApplicationEventPublisher} inside the transaction; the registry writes it into {@code event_publication} in
 * that transaction; after the commit Modulith's externalizer, an asynchronous transactional listener, sends it with
 * Boot's {@code KafkaTemplate} (JSON) and marks the publication completed once Kafka acknowledged it.
 */
public final class ModulithRegistry implements Contender {

    private final String name;
    private final ConfigurableApplicationContext context;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final BenchmarkTopic topic;

    /**
     * @param name the contender's name in the table
     * @param settings Modulith or Boot settings on top of the defaults
     */
    ModulithRegistry(String name, Map<String, Object> settings) {
        this.name = name;
        var properties = new HashMap<String, Object>();
        properties.put("spring.modulith.events.jdbc.schema-initialization.enabled", true);
        properties.putAll(settings);
        context = Contender.start(Application.class, "outbox_benchmark_b", properties);
        transactions = context.getBean(TransactionTemplate.class);
        events = context;
        jdbc = context.getBean(JdbcClient.class);
        topic = context.getBean(BenchmarkTopic.class);
    }

    /** The settings of the producer Modulith sends with (Boot's KafkaTemplate), to print beside the results. */
    String producerSettings() {
        var config = context.getBean(ProducerFactory.class).getConfigurationProperties();
        return Stream.of(
                        "acks",
                        "enable.idempotence",
                        "linger.ms",
                        "max.block.ms",
                        "delivery.timeout.ms",
                        "value.serializer")
                .map(key -> key + "=" + config.get(key))
                .collect(Collectors.joining(" "));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void publishTo(String topic) {
        this.topic.use(topic);
    }

    @Override
    public void commit(CustomerChanged event, Runnable committed) {
        transactions.executeWithoutResult(status -> {
            Contender.onCommit(committed);
            events.publishEvent(event);
        });
    }

    @Override
    public void clear() {
        jdbc.sql("truncate event_publication").update();
    }

    @Override
    public Rows rows() {
        return jdbc.sql("select count(*), count(*) filter (where completion_date is null) from event_publication")
                .query((rs, row) -> new Rows(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    @Override
    public void close() {
        context.close();
    }

    /** The topic of the current run, which {@link CustomerChanged}'s {@code @Externalized} names. */
    public static final class BenchmarkTopic {

        private volatile String name = "unset";

        public String name() {
            return name;
        }

        void use(String name) {
            this.name = name;
        }
    }

    /** An application with the Modulith starter (JDBC) and Kafka externalization on its class path. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }

        @Bean
        BenchmarkTopic benchmarkTopic() {
            return new BenchmarkTopic();
        }
    }
}
