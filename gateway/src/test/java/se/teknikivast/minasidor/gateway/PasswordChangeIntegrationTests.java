package se.teknikivast.minasidor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import se.teknikivast.minasidor.events.AuthEvent;
import se.teknikivast.minasidor.events.Topics;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/**
 * auth-service's {@code PasswordChanged} on auth.events.v1 ends the customer's gateway sessions: two gateway
 * instances on the test Redis and Kafka, customers logged in through the stand-in auth-service (sub = customer
 * number), the event published as auth-service's outbox publishes it.
 */
class PasswordChangeIntegrationTests {

    static final String TOPIC = TestInfrastructure.kafka().standIn(Topics.AUTH_EVENTS);

    static FakeAuthorizationServer auth;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static String firstUri;
    static String secondUri;
    static KafkaProducer<String, String> producer;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        auth = new FakeAuthorizationServer();
        int firstPort = Gateways.freePort();
        int secondPort = Gateways.freePort();
        firstUri = "http://localhost:" + firstPort;
        secondUri = "http://localhost:" + secondPort;
        auth.issuer(firstUri + "/auth");
        var kafka = TestInfrastructure.kafka().bootstrapServers();
        var kafkaPassword = TestInfrastructure.kafka().password(KafkaAccess.GATEWAY);
        var properties = Map.of(
                "MINASIDOR_AUTH_SERVICE_URI",
                auth.baseUri(),
                // No customer-service: the start page shows its notice instead of the details, still a 200.
                "MINASIDOR_CUSTOMER_SERVICE_URI",
                "http://127.0.0.1:9",
                "MINASIDOR_ISSUER",
                firstUri + "/auth",
                "MINASIDOR_GATEWAY_CLIENT_SECRET",
                FakeAuthorizationServer.CLIENT_SECRET,
                "MINASIDOR_JWKS_URI",
                auth.baseUri() + "/auth/oauth2/jwks",
                "spring.session.data.redis.namespace",
                TestInfrastructure.uniqueName("session"),
                "minasidor.gateway.rate-limit.key-prefix",
                TestInfrastructure.uniqueName("rate"),
                "spring.kafka.bootstrap-servers",
                kafka,
                "minasidor.gateway.auth-events.topic",
                TOPIC,
                "MINASIDOR_KAFKA_PASSWORD",
                kafkaPassword);
        first = Gateways.start(firstPort, properties);
        second = Gateways.start(secondPort, properties);
        // As auth-service, the one user who may write auth events.
        var config = new Properties();
        config.putAll(TestInfrastructure.kafka().clientProperties(KafkaAccess.AUTH_SERVICE));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(config);
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.close();
        if (second != null) second.close();
        if (first != null) first.close();
        auth.close();
    }

    @Test
    void aPasswordChangeEndsTheCustomersEarlierSessionsOnEveryInstanceAndNoOneElses() throws Exception {
        var onFirst = logIn("100001", firstUri);
        var onSecond = logIn("100001", secondUri);
        var otherCustomer = logIn("100002", firstUri);
        assertLoggedIn(onFirst, firstUri);
        assertLoggedIn(onSecond, secondUri);
        assertLoggedIn(otherCustomer, secondUri);

        var changedAt = Instant.now();
        var afterTheChange = logIn("100001", secondUri);
        // Noise auth-service does not send today, which the gateway must step over: another type, garbage.
        send(
                "100001",
                "{\"id\":\"5f0e1c1e-0000-4000-8000-000000000001\",\"type\":\"SomethingElse\",\"version\":1,"
                        + "\"customerNumber\":\"100001\",\"occurredAt\":\"" + changedAt + "\"}");
        send("100001", "not json");
        send("100001", json.writeValueAsString(AuthEvent.PasswordChanged.of("100001", changedAt)));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertLoggedOut(onFirst, firstUri);
            assertLoggedOut(onSecond, firstUri);
        });
        assertLoggedOut(onSecond, secondUri);
        assertLoggedIn(afterTheChange, firstUri);
        assertLoggedIn(otherCustomer, firstUri);

        // At least once: the same event again ends nothing more.
        send("100001", json.writeValueAsString(AuthEvent.PasswordChanged.of("100001", changedAt)));
        var later = logIn("100002", firstUri);
        send("100002", json.writeValueAsString(AuthEvent.PasswordChanged.of("100002", Instant.now())));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertLoggedOut(later, firstUri));
        assertLoggedOut(otherCustomer, firstUri);
        assertLoggedIn(afterTheChange, secondUri);
    }

    private static void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
    }

    private static Browser logIn(String customerNumber, String gateway) {
        auth.subject(customerNumber);
        var browser = new Browser();
        var start = browser.get(gateway + "/");
        var authorization = browser.get(gateway + Browser.location(start));
        var callback = browser.get(Browser.location(authorization));
        assertThat(callback.statusCode()).isEqualTo(302);
        var afterLogin = browser.get(Browser.location(callback));
        assertThat(afterLogin.statusCode()).isEqualTo(302);
        assertThat(Browser.location(afterLogin)).isEqualTo("/");
        return browser;
    }

    private static void assertLoggedIn(Browser browser, String gateway) {
        var page = browser.get(gateway + "/mina-sidor");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Logga ut");
    }

    private static void assertLoggedOut(Browser browser, String gateway) {
        var page = browser.get(gateway + "/mina-sidor");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(Browser.location(page)).isEqualTo("/oauth2/authorization/mina-sidor");
    }
}
