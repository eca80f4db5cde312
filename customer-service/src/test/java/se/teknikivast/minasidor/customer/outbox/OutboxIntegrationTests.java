package se.teknikivast.minasidor.customer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.customer.CustomerServiceApplication;
import se.teknikivast.minasidor.customer.customer.CustomerType;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.registration.Registrations;
import se.teknikivast.minasidor.customer.support.Seed;
import se.teknikivast.minasidor.customer.support.TestData;
import se.teknikivast.minasidor.events.CustomerEvent;
import se.teknikivast.minasidor.events.Topics;
import se.teknikivast.minasidor.identity.CustomerNumber;
import se.teknikivast.minasidor.identity.EmailAddress;
import se.teknikivast.minasidor.identity.IdentityNumber;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox survives a Kafka outage and a restart of the service: events registered while the broker is down are
 * published once it is back, by the next instance of the service if the first one was stopped meanwhile.
 *
 * <p>Runs the service twice against one database (not the shared test context), like a restart in production.
 */
class OutboxIntegrationTests {

    final String topic = TestInfrastructure.kafka().standIn(Topics.CUSTOMER_EVENTS);
    final String database = TestInfrastructure.postgres().createDatabase(TestInfrastructure.uniqueName("outbox"));
    final List<ConfigurableApplicationContext> running = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        running.forEach(ConfigurableApplicationContext::close);
        TestInfrastructure.kafka().start();
    }

    @Test
    void publishesEventsRegisteredDuringAKafkaOutageAfterTheBrokerAndTheServiceRestart() {
        var first = startService();
        var customersOfFirst = first.getBean(Customers.class);
        var before = Seed.person(customersOfFirst, null);
        var during = Seed.insert(customersOfFirst, CustomerType.SOLE_TRADER, TestData.personnummer(), "Anna", null);
        register(first, before, "fore@example.se");
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(first) == 0);

        TestInfrastructure.kafka().stop();
        register(first, during, "under@example.se");
        // The relay cannot publish while the broker is down: the event waits in the outbox with the data.
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> attempts(first) > 0);
        assertThat(unpublished(first)).isEqualTo(1);
        first.close();

        TestInfrastructure.kafka().start();
        var second = startService();

        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(second) == 0);
        var events = readTopicUntil(2);
        var byId = new HashMap<String, JsonNode>();
        events.forEach(event -> byId.putIfAbsent(event.get("id").asString(), event));
        assertThat(byId.values())
                .extracting(
                        e -> e.get("type").asString(),
                        e -> e.get("customerNumber").asString(),
                        e -> e.get("maskedEmail").asString())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                CustomerEvent.EmailRegistered.TYPE, before.customerNumber(), "f***@example.se"),
                        org.assertj.core.groups.Tuple.tuple(
                                CustomerEvent.EmailRegistered.TYPE, during.customerNumber(), "u***@example.se"));
        var outboxIds = JdbcClient.create(second.getBean(javax.sql.DataSource.class))
                .sql("select message_id::text from outbox")
                .query(String.class)
                .set();
        assertThat(byId.keySet()).isEqualTo(outboxIds);
    }

    private ConfigurableApplicationContext startService() {
        var postgres = TestInfrastructure.postgres();
        var context = new SpringApplicationBuilder(CustomerServiceApplication.class)
                // Command-line arguments, so they override application.yml like a real deployment's settings.
                .run(
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.kafka.bootstrap-servers="
                                + TestInfrastructure.kafka().bootstrapServers(),
                        "--MINASIDOR_KAFKA_PASSWORD="
                                + TestInfrastructure.kafka().password(KafkaAccess.CUSTOMER_SERVICE),
                        "--minasidor.customer-events.topic=" + topic,
                        "--minasidor.outbox.poll-interval=200ms",
                        "--spring.jmx.enabled=false",
                        "--server.port=0");
        running.add(context);
        return context;
    }

    /** Registers the address and proves it, which makes it the login address and publishes EmailRegistered. */
    private static void register(ConfigurableApplicationContext service, Seed.Seeded customer, String email) {
        var registrations = service.getBean(Registrations.class);
        var customerNumber = new CustomerNumber(customer.customerNumber());
        registrations.register(
                customerNumber, IdentityNumber.parse(customer.identityNumber()), EmailAddress.parse(email));
        registrations.confirm(customerNumber, EmailAddress.parse(email));
    }

    private static long unpublished(ConfigurableApplicationContext service) {
        return JdbcClient.create(service.getBean(javax.sql.DataSource.class))
                .sql("select count(*) from outbox where published_at is null")
                .query(Long.class)
                .single();
    }

    private static long attempts(ConfigurableApplicationContext service) {
        return JdbcClient.create(service.getBean(javax.sql.DataSource.class))
                .sql("select coalesce(sum(attempts), 0) from outbox where published_at is null")
                .query(Long.class)
                .single();
    }

    /** Consumes the topic from the beginning like any consumer would, until {@code distinct} event ids arrived. */
    private List<JsonNode> readTopicUntil(int distinct) {
        var properties = new Properties();
        // The test watches as the administrator, in a group of its own.
        properties.putAll(TestInfrastructure.kafka().clientProperties(KafkaAccess.ADMIN));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        var json = JsonMapper.builder().build();
        var events = new ArrayList<JsonNode>();
        var keys = new HashMap<String, String>();
        try (var consumer = new KafkaConsumer<String, String>(properties)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var event = json.readTree(record.value());
                    events.add(event);
                    keys.put(event.get("id").asString(), record.key());
                }
                return events.stream()
                                .map(e -> e.get("id").asString())
                                .distinct()
                                .count()
                        >= distinct;
            });
        }
        // Keyed by customer number, so each customer's events stay in order.
        events.forEach(e -> assertThat(keys.get(e.get("id").asString()))
                .isEqualTo(e.get("customerNumber").asString()));
        return events;
    }
}
