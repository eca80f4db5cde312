package se.teknikivast.minasidor.infrastructure.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

class EmbeddedServersIntegrationTests {

    @Test
    void postgresCreatesSeparateDatabasesThatAcceptSql() throws Exception {
        var postgres = TestInfrastructure.postgres();
        var url = postgres.createDatabase(TestInfrastructure.uniqueName("infra"));
        try (var connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                var statement = connection.createStatement()) {
            statement.execute("create table t (v text)");
            statement.execute("insert into t values ('hej')");
            try (var result = statement.executeQuery("select v, current_setting('server_version_num') from t")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("hej");
                assertThat(result.getInt(2)).isGreaterThanOrEqualTo(170000);
            }
        }
    }

    @Test
    void redisAnswersPing() throws Exception {
        var redis = TestInfrastructure.redis();
        try (var socket = new Socket(redis.host(), redis.port());
                var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            out.print("PING\r\n");
            out.flush();
            assertThat(in.readLine()).isEqualTo("+PONG");
        }
    }

    @Test
    void kafkaKeepsRecordsAcrossABrokerRestart() {
        var kafka = TestInfrastructure.kafka();
        var topic = TestInfrastructure.uniqueName("restart");
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        kafka.stop();
        kafka.start();

        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            var values = new java.util.ArrayList<String>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
            }
            assertThat(values).containsExactly("before");
        }
    }

    @Test
    void smtpKeepsWhatItReceives() throws Exception {
        var smtp = TestInfrastructure.smtp();
        var properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", String.valueOf(smtp.port()));
        var message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("noreply@teknikivast.se"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("kund@example.se"));
        message.setSubject("Välj ditt lösenord", "UTF-8");
        message.setText("Hej!", "UTF-8");
        Transport.send(message);

        assertThat(smtp.messages()).anySatisfy(m -> assertThat(m.getSubject()).isEqualTo("Välj ditt lösenord"));
    }

    @Test
    void aTakenPortGivesAClearError() {
        var redis = TestInfrastructure.redis();
        assertThatThrownBy(() -> RedisServer.start(redis.port()))
                .isInstanceOf(Ports.PortInUseException.class)
                .hasMessageContaining("Port " + redis.port())
                .hasMessageContaining("Redis");
    }
}
