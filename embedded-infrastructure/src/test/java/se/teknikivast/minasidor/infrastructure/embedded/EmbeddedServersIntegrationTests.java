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
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
    void redisRefusesWritesAtItsMemoryLimitAndEvictsNothing() throws Exception {
        try (var redis = RedisServer.start(0, null, "4mb");
                var socket = new Socket("localhost", redis.port());
                var out = socket.getOutputStream();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(command(out, in, "CONFIG", "GET", "maxmemory-policy")).containsExactly("noeviction");
            var value = "x".repeat(64 * 1024);
            int stored = 0;
            String refusal = null;
            while (refusal == null && stored < 1_000) {
                var reply = command(out, in, "SET", "k" + stored, value);
                if (reply.getFirst().startsWith("-")) {
                    refusal = reply.getFirst();
                } else {
                    stored++;
                }
            }
            assertThat(refusal).startsWith("-OOM");
            assertThat(stored).isPositive();
            assertThat(command(out, in, "DBSIZE")).containsExactly(":" + stored);
            assertThat(command(out, in, "EXISTS", "k0")).containsExactly(":1");
        }
    }

    @Test
    void theSharedRedisHasTheLocalStacksMemoryLimit() throws Exception {
        var redis = TestInfrastructure.redis();
        try (var socket = new Socket(redis.host(), redis.port());
                var out = socket.getOutputStream();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(command(out, in, "CONFIG", "GET", "maxmemory"))
                    .containsExactly(String.valueOf(256L * 1024 * 1024));
            assertThat(command(out, in, "CONFIG", "GET", "maxmemory-policy")).containsExactly("noeviction");
        }
    }

    /**
     * One RESP command; the reply as lines: a status, error or integer line as it is, a bulk string or the values of
     * a CONFIG GET pair (the name dropped).
     */
    private static List<String> command(java.io.OutputStream out, BufferedReader in, String... arguments)
            throws java.io.IOException {
        var request = new StringBuilder("*" + arguments.length + "\r\n");
        for (var argument : arguments) {
            request.append('$')
                    .append(argument.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(argument)
                    .append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        var first = in.readLine();
        if (first.startsWith("*")) {
            var values = new java.util.ArrayList<String>();
            int count = Integer.parseInt(first.substring(1));
            for (int i = 0; i < count; i++) {
                in.readLine(); // $<length>
                values.add(in.readLine());
            }
            return values.subList(Math.min(1, values.size()), values.size());
        }
        if (first.startsWith("$")) {
            return List.of(in.readLine());
        }
        return List.of(first);
    }

    @Test
    void kafkaKeepsRecordsAcrossABrokerRestart() {
        var kafka = TestInfrastructure.kafka();
        var topic = kafka.standIn(se.teknikivast.minasidor.events.Topics.AUTH_EVENTS);
        try (var producer = new KafkaProducer<>(
                kafka.clientProperties(KafkaAccess.AUTH_SERVICE), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        kafka.stop();
        kafka.start();

        var consumerConfig = new java.util.HashMap<>(kafka.clientProperties(KafkaAccess.GATEWAY));
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
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
