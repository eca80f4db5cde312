package se.teknikivast.minasidor.infrastructure.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may do what in Redis: one ACL user per service that keeps something there, named like the service
 * ({@code spring.application.name}), allowed only its own keys and no administrative command. The default user is
 * switched off, so a client without a password gets nothing. The local stack's Redis applies exactly this at every
 * start; docker-compose.yml's {@code ops/redis/users.acl} holds the same rules (DockerComposeRedisTests compares them).
 *
 * <p>Commands: everything except Redis's {@code @dangerous} category (CONFIG, FLUSHALL, KEYS, MONITOR, DEBUG,
 * SHUTDOWN, replication, ACL changes, …), and of that category only INFO back, which the services' health checks
 * read. Spring Session's expiry events need {@code notify-keyspace-events}: the server is started with it, and
 * auth-service does not try to set it ({@code spring.session.data.redis.configure-action: none}).
 */
public final class RedisAccess {

    public static final String AUTH_SERVICE = "auth-service";
    public static final String BANKID_ADAPTER = "bankid-adapter";
    public static final String GATEWAY = "gateway";

    /** What Spring Session's indexed repository (auth-service) listens to: generic and expired-key events. */
    public static final String KEYSPACE_EVENTS = "Egx";

    /**
     * One user: the key patterns it may read and write, and whether it may use Pub/Sub.
     *
     * @param keys Redis glob patterns of its keys
     * @param pubSub all channels (Spring Session's events, whose pattern subscriptions Redis matches literally against
     *     a user's channel patterns) or none
     */
    public record User(String name, List<String> keys, boolean pubSub) {

        /** The rule after the user's name, as {@code ACL SETUSER} and an ACL file's {@code user} line take it. */
        public List<String> rule(String password) {
            var rule = new ArrayList<String>();
            rule.add("reset");
            rule.add("on");
            rule.add(">" + password);
            keys.forEach(pattern -> rule.add("~" + pattern));
            rule.add(pubSub ? "allchannels" : "resetchannels");
            rule.addAll(COMMANDS);
            return rule;
        }
    }

    /** Every service user's commands (see the class comment). */
    static final List<String> COMMANDS = List.of("+@all", "-@dangerous", "+info");

    /**
     * The services' keys as their configuration has them: the gateway's sessions, rate-limit buckets and logout
     * outbox ({@code minasidor:gateway:}); auth-service's sessions, authorizations, consents and registration
     * counters ({@code minasidor:auth:}), with Spring Session's events; bankid-adapter's orders and collect locks
     * ({@code bankid:}).
     */
    public static final List<User> USERS = List.of(
            new User(GATEWAY, List.of("minasidor:gateway:*"), false),
            new User(AUTH_SERVICE, List.of("minasidor:auth:*"), true),
            new User(BANKID_ADAPTER, List.of("bankid:*"), false));

    private RedisAccess() {}

    /**
     * For tests only: the default user and every service user may do everything, the service users with any password,
     * so a service under test logs in as itself whatever password its test gives it.
     */
    public static List<String> openAclFile() {
        var lines = new ArrayList<String>();
        lines.add("user default on nopass ~* allchannels +@all");
        USERS.forEach(user -> lines.add("user " + user.name() + " " + String.join(" ", OPEN)));
        return lines;
    }

    /** A test user's rule: any password, every key, channel and command. */
    public static final List<String> OPEN = List.of("reset", "on", "nopass", "~*", "allchannels", "+@all");

    /**
     * docker-compose.yml's metrics exporter (redis_exporter): server statistics and settings, no key and no channel.
     * Not a service: the local stack has no exporter.
     */
    public static final String EXPORTER = "exporter";

    public static final List<String> EXPORTER_COMMANDS = List.of(
            "-@all",
            "+ping",
            "+info",
            "+config|get",
            "+slowlog",
            "+latency",
            "+client|list",
            "+select",
            "+module|list",
            "+cluster|info");

    /**
     * As {@link #aclFile}, with each password as its SHA-256 ({@code #<hex>}, Redis's form for a stored password that
     * is not written in the file), and the exporter's user: the lines of docker-compose.yml's {@code ops/redis/users.acl}.
     */
    public static List<String> hashedAclFile(Map<String, String> passwords, String exporterPassword) {
        var lines = new ArrayList<String>();
        for (var line : aclFile(passwords)) {
            var parts = new ArrayList<String>();
            for (var part : line.split(" ")) {
                parts.add(part.startsWith(">") ? "#" + sha256(part.substring(1)) : part);
            }
            lines.add(String.join(" ", parts));
        }
        lines.add("user " + EXPORTER + " reset on #" + sha256(exporterPassword) + " resetchannels "
                + String.join(" ", EXPORTER_COMMANDS));
        return lines;
    }

    private static String sha256(String password) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of an ACL file for these passwords (user → password): the default user off, then every service. */
    public static List<String> aclFile(Map<String, String> passwords) {
        var lines = new ArrayList<String>();
        lines.add("user default off");
        for (var user : USERS) {
            var password = passwords.get(user.name());
            if (password == null) {
                throw new IllegalArgumentException("No Redis password for " + user.name());
            }
            lines.add("user " + user.name() + " " + String.join(" ", user.rule(password)));
        }
        return lines;
    }
}
