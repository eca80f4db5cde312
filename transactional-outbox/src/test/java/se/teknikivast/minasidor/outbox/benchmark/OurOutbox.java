package se.teknikivast.minasidor.outbox.benchmark;

import java.time.Clock;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.outbox.Outbox;
import se.teknikivast.minasidor.outbox.OutboxMessage;
import se.teknikivast.minasidor.outbox.TransactionalOutbox;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contender A: this module, as the services use it. The event's JSON is appended in the transaction and the relay
 * (production settings: woken by the commit, polling every second, batches of 100) publishes it.
 */
final class OurOutbox implements Contender {

    private final ConfigurableApplicationContext context;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final JsonMapper json;
    private final JdbcClient jdbc;
    private volatile String topic;

    OurOutbox() {
        context = Contender.start(Application.class, "outbox_benchmark_a", Map.of());
        transactions = context.getBean(TransactionTemplate.class);
        outbox = context.getBean(Outbox.class);
        json = context.getBean(JsonMapper.class);
        jdbc = context.getBean(JdbcClient.class);
    }

    @Override
    public String name() {
        return "A transactional-outbox";
    }

    @Override
    public void publishTo(String topic) {
        this.topic = topic;
    }

    @Override
    public void commit(CustomerChanged event, Runnable committed) {
        transactions.executeWithoutResult(status -> {
            Contender.onCommit(committed);
            outbox.append(new OutboxMessage(
                    event.id(),
                    topic,
                    event.customerNumber(),
                    event.type(),
                    json.writeValueAsString(event),
                    event.occurredAt()));
        });
    }

    @Override
    public void clear() {
        jdbc.sql("truncate outbox").update();
    }

    @Override
    public Rows rows() {
        return jdbc.sql("select count(*), count(*) filter (where published_at is null) from outbox")
                .query((rs, row) -> new Rows(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    @Override
    public void close() {
        context.close();
    }

    /** A service's outbox without Spring Modulith (whose jars are on this class path for contender B). */
    @SpringBootConfiguration
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.modulith.core.config.ApplicationModuleInitializerRuntimeVerification",
                "org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
                "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
                "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration",
                "org.springframework.modulith.events.jackson2.Jackson2EventSerializationConfiguration",
                "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
                "org.springframework.modulith.events.kafka.KafkaEventExternalizerConfiguration",
                "org.springframework.modulith.events.kafka.KafkaJackson2Configuration",
                "org.springframework.modulith.events.kafka.KafkaJacksonConfiguration",
                "org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration"
            })
    @Import(TransactionalOutbox.class)
    static class Application {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        JsonMapper jsonMapper() {
            return JsonMapper.builder().build();
        }

        /** The table as the services' migrations create it (Outbox's documentation). */
        @Bean
        Object outboxTable(JdbcClient jdbc) {
            jdbc.sql("""
                            create table if not exists outbox (
                                id           bigserial    primary key,
                                message_id   uuid         not null unique,
                                topic        varchar(200) not null,
                                message_key  varchar(200) not null,
                                message_type varchar(100) not null,
                                payload      text,
                                created_at   timestamptz  not null,
                                published_at timestamptz,
                                attempts     integer      not null default 0,
                                last_error   varchar(500))""").update();
            jdbc.sql("create index if not exists outbox_unpublished on outbox (id) where published_at is null")
                    .update();
            return "outbox";
        }
    }
}
