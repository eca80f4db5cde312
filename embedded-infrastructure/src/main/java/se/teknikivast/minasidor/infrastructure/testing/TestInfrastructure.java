package se.teknikivast.minasidor.infrastructure.testing;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaBroker;
import se.teknikivast.minasidor.infrastructure.embedded.PostgresServer;
import se.teknikivast.minasidor.infrastructure.embedded.RedisServer;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;

/**
 * One real server of each kind per test JVM, started on first use and stopped when the JVM exits. Tests isolate
 * themselves inside it: a database per application context, unique topic names and Redis key prefixes.
 *
 * <p>By default the servers are embedded (Maven Central jars). With {@code -Dminasidor.testcontainers=true} (or the
 * environment variable {@code MINASIDOR_TESTCONTAINERS=true}) PostgreSQL and Redis run in Docker containers from
 * their official images instead. Kafka is always the embedded broker, which enforces the services' SCRAM users and
 * ACLs ({@code KafkaAccess}) as a deployment does.
 */
public final class TestInfrastructure {

    private TestInfrastructure() {}

    public static boolean useTestcontainers() {
        var property = System.getProperty("minasidor.testcontainers");
        var env = System.getenv("MINASIDOR_TESTCONTAINERS");
        return Boolean.parseBoolean(property) || Boolean.parseBoolean(env);
    }

    public static Postgres postgres() {
        return PostgresHolder.INSTANCE;
    }

    public static Redis redis() {
        return RedisHolder.INSTANCE;
    }

    public static Kafka kafka() {
        return KafkaHolder.INSTANCE;
    }

    public static SmtpServer smtp() {
        return SmtpHolder.INSTANCE;
    }

    /** A name no other test in this JVM uses: for databases, topics, key prefixes. */
    public static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public interface Postgres {
        /** Creates a fresh database and returns its JDBC URL. */
        String createDatabase(String name);

        String username();

        String password();
    }

    public interface Redis {
        String host();

        int port();

        /** Stops Redis until {@link #start()}, on the same host and port (the embedded server or the container). */
        void stop();

        void start();
    }

    public interface Kafka {
        String bootstrapServers();

        /**
         * Settings for a client logging in as {@code user}: {@code KafkaAccess.ADMIN} for a test that sets up or
         * watches, a service's user for a test that plays that service (and may only do what it may).
         */
        Map<String, Object> clientProperties(String user);

        /** The password {@code user} logs in with now: for a service a test starts by hand, as MINASIDOR_KAFKA_PASSWORD. */
        String password(String user);

        /** The service user logs in with this password from now on (the local profile's, for the service tested). */
        void usePassword(String user, String password);

        /**
         * A unique topic for one test with the ACLs of {@code topic}, the real topic it stands in for, created with
         * its settings and three partitions like the real one.
         */
        default String standIn(String topic) {
            return standIn(topic, 3);
        }

        /** As {@link #standIn(String)}, with this many partitions. */
        String standIn(String topic, int partitions);

        /** Stops the broker until {@link #start()}; data and port survive. */
        void stop();

        void start();
    }

    private static final class PostgresHolder {
        static final Postgres INSTANCE = useTestcontainers() ? Containers.postgres() : embedded();

        private static Postgres embedded() {
            var server = PostgresServer.startEphemeral();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
            return new Postgres() {
                @Override
                public String createDatabase(String name) {
                    return server.createDatabase(name);
                }

                @Override
                public String username() {
                    return server.username();
                }

                @Override
                public String password() {
                    return server.password();
                }
            };
        }
    }

    private static final class RedisHolder {
        static final Redis INSTANCE = useTestcontainers() ? Containers.redis() : embedded();

        private static Redis embedded() {
            var server = RedisServer.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-redis-stop"));
            return new Redis() {
                @Override
                public String host() {
                    return "localhost";
                }

                @Override
                public int port() {
                    return server.port();
                }

                @Override
                public void stop() {
                    server.stop();
                }

                @Override
                public void start() {
                    server.restart();
                }
            };
        }
    }

    private static final class KafkaHolder {
        // Always the embedded broker: it is the one that requires SCRAM logins and applies KafkaAccess's users and
        // ACLs at every start, and the services' tests log in as their own users.
        static final Kafka INSTANCE = embedded();

        private static Kafka embedded() {
            var broker = KafkaBroker.startEphemeral();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
            return new Kafka() {
                @Override
                public String bootstrapServers() {
                    return broker.bootstrapServers();
                }

                @Override
                public Map<String, Object> clientProperties(String user) {
                    return broker.clientProperties(user);
                }

                @Override
                public void usePassword(String user, String password) {
                    broker.usePassword(user, password);
                }

                @Override
                public String password(String user) {
                    return broker.password(user);
                }

                @Override
                public String standIn(String topic, int partitions) {
                    return broker.standIn(topic, uniqueName(topic), partitions);
                }

                @Override
                public void stop() {
                    broker.stop();
                }

                @Override
                public void start() {
                    broker.restart();
                }
            };
        }
    }

    private static final class SmtpHolder {
        static final SmtpServer INSTANCE = start();

        private static SmtpServer start() {
            var server = SmtpServer.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "smtp-stop"));
            return server;
        }
    }
}
