package se.teknikivast.minasidor.infrastructure.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;

/** What the administrator does on the embedded broker: {@link KafkaAccess}'s users, ACLs and topics. */
final class KafkaSetup {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;

    private KafkaSetup() {}

    /** Users with these passwords, every ACL and every topic; all of it may exist already (a restart). */
    static void apply(Admin admin, Map<String, String> passwords) {
        upsertUsers(admin, passwords);
        await(admin.createAcls(KafkaAccess.bindings()).all());
        var topics = KafkaAccess.TOPICS.stream()
                .map(spec ->
                        new NewTopic(spec.name(), PARTITIONS, (short) 1).configs(KafkaAccess.topicConfig(spec.name())))
                .toList();
        createMissing(admin, topics);
    }

    static void upsertUsers(Admin admin, Map<String, String> passwords) {
        var alterations = new ArrayList<UserScramCredentialAlteration>();
        passwords.forEach((user, password) -> alterations.add(new UserScramCredentialUpsertion(
                user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)));
        await(admin.alterUserScramCredentials(alterations).all());
    }

    static void createStandIn(Admin admin, String topic, String name, int partitions) {
        await(admin.createAcls(KafkaAccess.bindingsAs(topic, name)).all());
        createMissing(
                admin, List.of(new NewTopic(name, partitions, (short) 1).configs(KafkaAccess.topicConfig(topic))));
    }

    /** Waits until a client with these settings is let in: the broker applies a new password a moment later. */
    static void awaitLogin(Map<String, Object> clientProperties) {
        var config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        var deadline = Instant.now().plus(TIMEOUT);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try (var admin = Admin.create(config)) {
                admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Kafka did not accept the new password within " + TIMEOUT, last);
    }

    private static void createMissing(Admin admin, List<NewTopic> topics) {
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + entry.getKey(), e.getCause());
                }
            } catch (Exception e) {
                throw failure(e);
            }
        }
    }

    private static void await(org.apache.kafka.common.KafkaFuture<Void> future) {
        try {
            future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Setting up Kafka's users and ACLs failed", e.getCause());
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private static IllegalStateException failure(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("Setting up Kafka failed", e);
    }

    /**
     * Clients and the broker itself log in with SCRAM on CLIENTS; the controller listener takes only the
     * administrator (PLAIN: SCRAM users live in the metadata the controller serves, so it cannot check them). Nothing
     * is allowed without an ACL, and topics are created on purpose, never by a client's first use.
     */
    static String serverProperties(int port, int controllerPort, String dataDirectory, String adminPassword) {
        var admin = KafkaAccess.ADMIN;
        var scram = KafkaAccess.jaas("org.apache.kafka.common.security.scram.ScramLoginModule", admin, adminPassword);
        var plain = KafkaAccess.jaas("org.apache.kafka.common.security.plain.PlainLoginModule", admin, adminPassword)
                .replace(";", " user_" + admin + "=\"" + adminPassword + "\";");
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=CLIENTS://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=CLIENTS://localhost:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=CLIENTS
                listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENTS:SASL_PLAINTEXT
                sasl.enabled.mechanisms=%4$s
                sasl.mechanism.inter.broker.protocol=%4$s
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.clients.sasl.enabled.mechanisms=%4$s
                listener.name.clients.%5$s.sasl.jaas.config=%6$s
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=%7$s
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:%8$s
                allow.everyone.if.no.acl.found=false
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=3
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.retention.hours=24
                """.formatted(
                        port,
                        controllerPort,
                        dataDirectory,
                        KafkaAccess.MECHANISM,
                        KafkaAccess.MECHANISM.toLowerCase(java.util.Locale.ROOT),
                        scram,
                        plain,
                        admin);
    }
}
