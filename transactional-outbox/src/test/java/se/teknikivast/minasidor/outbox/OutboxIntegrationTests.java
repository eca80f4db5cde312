package se.teknikivast.minasidor.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.events.Topics;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.infrastructure.testing.WithKafka;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;

/**
 * The outbox against real PostgreSQL and a real Kafka broker: what commits is published in order with its headers and
 * its payload erased, what rolls back never is, nothing is written outside a transaction, and a Kafka outage delays
 * messages without losing or reordering them.
 */
@SpringBootTest(classes = OutboxIntegrationTests.Application.class)
@WithPostgres
@WithKafka
class OutboxIntegrationTests {

    /** Customer events, as customer-service publishes them: the relay logs in as its Kafka user. */
    static final String TOPIC = TestInfrastructure.kafka().standIn(Topics.CUSTOMER_EVENTS);

    @DynamicPropertySource
    static void fastPolling(DynamicPropertyRegistry registry) {
        var login = TestInfrastructure.kafka().clientProperties(KafkaAccess.CUSTOMER_SERVICE);
        registry.add("spring.kafka.security.protocol", () -> login.get("security.protocol"));
        registry.add("spring.kafka.properties.sasl.mechanism", () -> login.get("sasl.mechanism"));
        registry.add("spring.kafka.properties.sasl.jaas.config", () -> login.get("sasl.jaas.config"));
        registry.add("minasidor.outbox.poll-interval", () -> "200ms");
        registry.add("minasidor.outbox.send-timeout", () -> "3s");
        registry.add("management.tracing.sampling.probability", () -> "1.0");
    }

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Tracer tracer;

    KafkaConsumer<String, String> consumer;

    @BeforeEach
    void subscribe() {
        // The test watches as the administrator, in a group of its own.
        var config = new HashMap<>(TestInfrastructure.kafka().clientProperties(KafkaAccess.ADMIN));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("outbox_test"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(TOPIC));
    }

    @AfterEach
    void close() {
        consumer.close();
        TestInfrastructure.kafka().start();
    }

    @Test
    void whatCommitsIsPublishedInOrderWithItsHeadersAndItsPayloadErased() {
        var key = uniqueKey();
        var messages = List.of(message(key, "First", 1), message(key, "Second", 2), message(key, "Third", 3));
        transactions.executeWithoutResult(status -> messages.forEach(outbox::append));

        var records = readFor(key, 3);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(records)
                .extracting(record -> header(record, "event-type"), record -> header(record, "event-id"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "First", messages.get(0).id().toString()),
                        org.assertj.core.groups.Tuple.tuple(
                                "Second", messages.get(1).id().toString()),
                        org.assertj.core.groups.Tuple.tuple(
                                "Third", messages.get(2).id().toString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(key) == 0);
        assertThat(jdbc.sql("select count(*) from outbox where message_key = ? and payload is not null")
                        .param(key)
                        .query(Long.class)
                        .single())
                .as("payloads left after publication")
                .isZero();
    }

    @Test
    void theRecordCarriesTheTraceOfTheRequestThatWroteIt() {
        var key = uniqueKey();
        var span = tracer.nextSpan().name("request").start();
        try (var scope = tracer.withSpan(span)) {
            transactions.executeWithoutResult(status -> outbox.append(message(key, "Traced", 1)));
        } finally {
            span.end();
        }

        var traceparent = header(readFor(key, 1).getFirst(), "traceparent");
        assertThat(traceparent)
                .as("traceparent")
                .isNotNull()
                .contains(span.context().traceId());
    }

    @Test
    void whatRollsBackIsNeverPublished() {
        var key = uniqueKey();
        transactions.executeWithoutResult(status -> {
            outbox.append(message(key, "Undone", 1));
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> outbox.append(message(key, "Done", 2)));

        assertThat(readFor(key, 1))
                .extracting(record -> header(record, "event-type"))
                .containsExactly("Done");
        assertThat(jdbc.sql("select count(*) from outbox where message_key = ?")
                        .param(key)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void nothingIsWrittenOutsideATransaction() {
        var key = uniqueKey();
        assertThatThrownBy(() -> outbox.append(message(key, "Loose", 1)))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(jdbc.sql("select count(*) from outbox where message_key = ?")
                        .param(key)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aKafkaOutageDelaysMessagesWithoutLosingOrReorderingThem() {
        var key = uniqueKey();
        transactions.executeWithoutResult(status -> outbox.append(message(key, "Before", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(key) == 0);

        TestInfrastructure.kafka().stop();
        transactions.executeWithoutResult(status -> {
            outbox.append(message(key, "During", 2));
            outbox.append(message(key, "During", 3));
        });
        // The relay tries, fails, and counts the attempt; the messages wait with the data.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select coalesce(max(attempts), 0) from outbox where message_key = ?"
                                        + " and published_at is null")
                                .param(key)
                                .query(Integer.class)
                                .single()
                        > 0);
        assertThat(pending(key)).isEqualTo(2);
        // What the OutboxNotPublishing alert reads: rows waiting, and for how long the oldest has.
        var registry = new SimpleMeterRegistry();
        // Held here: a Micrometer gauge keeps only a weak reference to what it reads (the bean holds it in a service).
        var metrics = new OutboxMetrics(jdbc, Clock.systemUTC());
        metrics.bindTo(registry);
        // The gauges count the whole table, where rows of other tests may wait too: ours are compared, not totals.
        var waitingDuring = registry.get("outbox.messages.unpublished").gauge().value();
        assertThat(waitingDuring).isGreaterThanOrEqualTo(2);
        assertThat(registry.get("outbox.oldest.unpublished.age").gauge().value())
                .isGreaterThan(0);

        TestInfrastructure.kafka().start();
        var records = readFor(key, 3);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(key) == 0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.get("outbox.messages.unpublished").gauge().value() <= waitingDuring - 2);
        java.lang.ref.Reference.reachabilityFence(metrics);
    }

    private List<ConsumerRecord<String, String>> readFor(String key, int count) {
        var records = new ArrayList<ConsumerRecord<String, String>>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (key.equals(record.key())) {
                    records.add(record);
                }
            });
            return records.size() >= count;
        });
        return records;
    }

    private long pending(String key) {
        return jdbc.sql("select count(*) from outbox where message_key = ? and published_at is null")
                .param(key)
                .query(Long.class)
                .single();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String uniqueKey() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static OutboxMessage message(String key, String type, int n) {
        return new OutboxMessage(UUID.randomUUID(), TOPIC, key, type, "{\"n\":" + n + "}", Instant.now());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TransactionalOutbox.class)
    static class Application {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        OutboxTable outboxTable(JdbcClient jdbc) {
            return new OutboxTable(jdbc);
        }
    }

    /** The table as a service's migration creates it (Outbox's documentation). */
    static class OutboxTable {
        OutboxTable(JdbcClient jdbc) {
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
        }
    }
}
