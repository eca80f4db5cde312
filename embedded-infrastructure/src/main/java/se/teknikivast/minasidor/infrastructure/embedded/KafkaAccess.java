package se.teknikivast.minasidor.infrastructure.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import se.teknikivast.minasidor.events.Topics;

/**
 * Who may do what on Kafka: one SCRAM user per service, named like the service ({@code spring.application.name}),
 * and the ACLs that let each write only the topics it produces and read only the topics it consumes, in its own
 * consumer groups. Everything else is denied (the broker's StandardAuthorizer allows nothing without an ACL); only
 * {@link #ADMIN}, the broker itself, is a super user. The embedded broker applies exactly this at every start, and
 * docker-compose.yml's {@code kafka-setup} creates the same (DockerComposeTests compares them).
 */
public final class KafkaAccess {

    /** The broker's own user and the one administrator: super user, never given to a service. */
    public static final String ADMIN = "admin";

    public static final String AUTH_SERVICE = "auth-service";
    public static final String CUSTOMER_SERVICE = "customer-service";
    public static final String GATEWAY = "gateway";
    public static final String NOTIFICATION_SERVICE = "notification-service";

    /** The SASL mechanism of every Kafka client here. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** What one user may do with one topic or consumer group (a literal name, no prefixes or wildcards). */
    public record Rule(String user, AclOperation operation, ResourceType type, String name) {

        AclBinding binding(String resourceName) {
            return new AclBinding(
                    new ResourcePattern(type, resourceName, PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
        }
    }

    /** A topic the broker (not a service) creates, with how long it keeps records. */
    public record TopicSpec(String name, Duration retention) {}

    /** The topics; the two carrying one-time links and codes keep them one day, as notification-service asks. */
    public static final List<TopicSpec> TOPICS = List.of(
            new TopicSpec(Topics.AUTH_EVENTS, Duration.ofDays(7)),
            new TopicSpec(Topics.CUSTOMER_EVENTS, Duration.ofDays(7)),
            new TopicSpec(Topics.EMAIL_REQUESTS, Duration.ofDays(1)),
            new TopicSpec(Topics.EMAIL_REQUESTS_DEAD_LETTER, Duration.ofDays(7)),
            new TopicSpec(Topics.LETTER_REQUESTS, Duration.ofDays(1)));

    /**
     * Producers and consumers as the code has them: auth-service's outbox writes auth events, e-mail and letter
     * requests and its listener reads customer events (group auth-service); customer-service's outbox writes customer
     * events; the gateway reads auth events (group gateway); notification-service reads e-mail and letter requests
     * (listener ids email-requests and letter-requests are its group ids) and writes dead letters.
     */
    public static final List<Rule> RULES = List.of(
            write(AUTH_SERVICE, Topics.AUTH_EVENTS),
            write(AUTH_SERVICE, Topics.EMAIL_REQUESTS),
            write(AUTH_SERVICE, Topics.LETTER_REQUESTS),
            read(AUTH_SERVICE, Topics.CUSTOMER_EVENTS),
            group(AUTH_SERVICE, "auth-service"),
            write(CUSTOMER_SERVICE, Topics.CUSTOMER_EVENTS),
            read(GATEWAY, Topics.AUTH_EVENTS),
            group(GATEWAY, "gateway"),
            read(NOTIFICATION_SERVICE, Topics.EMAIL_REQUESTS),
            read(NOTIFICATION_SERVICE, Topics.LETTER_REQUESTS),
            write(NOTIFICATION_SERVICE, Topics.EMAIL_REQUESTS_DEAD_LETTER),
            group(NOTIFICATION_SERVICE, "email-requests"),
            group(NOTIFICATION_SERVICE, "letter-requests"));

    private KafkaAccess() {}

    /** The service users, in the order of {@link #RULES}. */
    public static Set<String> users() {
        var users = new LinkedHashSet<String>();
        RULES.forEach(rule -> users.add(rule.user()));
        return users;
    }

    /** Every ACL of {@link #RULES}. */
    public static List<AclBinding> bindings() {
        return RULES.stream().map(rule -> rule.binding(rule.name())).toList();
    }

    /** The ACLs of {@code topic} given to a topic named {@code standIn} instead: a test's topic of its own. */
    public static List<AclBinding> bindingsAs(String topic, String standIn) {
        var bindings = new ArrayList<AclBinding>();
        for (var rule : RULES) {
            if (rule.type() == ResourceType.TOPIC && rule.name().equals(topic)) {
                bindings.add(rule.binding(standIn));
            }
        }
        if (bindings.isEmpty()) {
            throw new IllegalArgumentException("No service uses topic " + topic);
        }
        return bindings;
    }

    /** The retention of {@code topic} as a topic config, e.g. {@code retention.ms=86400000}. */
    public static Map<String, String> topicConfig(String topic) {
        return TOPICS.stream()
                .filter(spec -> spec.name().equals(topic))
                .findFirst()
                .map(spec ->
                        Map.of("retention.ms", String.valueOf(spec.retention().toMillis())))
                .orElseThrow(() -> new IllegalArgumentException("Unknown topic " + topic));
    }

    /** The client settings for {@code user} on a SASL_PLAINTEXT listener (the embedded broker's). */
    public static Map<String, Object> clientProperties(String bootstrapServers, String user, String password) {
        return Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                MECHANISM,
                "sasl.jaas.config",
                jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password));
    }

    static String jaas(String loginModule, String user, String password) {
        if (password.contains("\"") || password.contains("\\") || user.contains("\"")) {
            throw new IllegalArgumentException("A Kafka user name or password must not contain \" or \\");
        }
        return loginModule + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static Rule write(String user, String topic) {
        return new Rule(user, AclOperation.WRITE, ResourceType.TOPIC, topic);
    }

    private static Rule read(String user, String topic) {
        return new Rule(user, AclOperation.READ, ResourceType.TOPIC, topic);
    }

    private static Rule group(String user, String group) {
        return new Rule(user, AclOperation.READ, ResourceType.GROUP, group);
    }
}
