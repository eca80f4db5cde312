package se.teknikivast.minasidor.infrastructure.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.teknikivast.minasidor.infrastructure.embedded.RespCommand.RedisError;

/**
 * Someone on the network, or a service that was taken over, against Redis as the local stack runs it (RedisAccess's
 * users, the default user off): without a password nothing is read, and a service's user reaches only its own keys
 * (no other service's sessions or orders) and no command that reconfigures, empties or watches Redis.
 */
class RedisAccessIntegrationTests {

    static final Map<String, String> PASSWORDS = Map.of(
            RedisAccess.GATEWAY, "gateway-test-password",
            RedisAccess.AUTH_SERVICE, "auth-test-password",
            RedisAccess.BANKID_ADAPTER, "bankid-test-password");

    static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.start(0, null, RedisServer.DEFAULT_MAX_MEMORY, PASSWORDS);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static Object as(String user, String... command) {
        return RespCommand.send("127.0.0.1", redis.port(), user, PASSWORDS.get(user), command);
    }

    @Test
    void withoutAPasswordNothingIsRead() {
        assertThatThrownBy(() -> RespCommand.send(
                        "127.0.0.1", redis.port(), null, null, "GET", "minasidor:gateway:session:sessions:x"))
                .isInstanceOf(RedisError.class)
                .hasMessageStartingWith("NOAUTH");
        assertThatThrownBy(() -> RespCommand.send("127.0.0.1", redis.port(), "default", "", "PING"))
                .isInstanceOf(RedisError.class);
        assertThatThrownBy(() -> RespCommand.send("127.0.0.1", redis.port(), RedisAccess.GATEWAY, "a guess", "PING"))
                .isInstanceOf(RedisError.class)
                .hasMessageStartingWith("WRONGPASS");
    }

    @Test
    void eachServiceReadsAndWritesItsOwnKeys() {
        var own = Map.of(
                RedisAccess.GATEWAY, "minasidor:gateway:session:sessions:a",
                RedisAccess.AUTH_SERVICE, "minasidor:auth:session:sessions:a",
                RedisAccess.BANKID_ADAPTER, "bankid:order:a");
        own.forEach((user, key) -> {
            assertThat(as(user, "SET", key, "value")).isEqualTo("OK");
            assertThat(as(user, "GET", key)).isEqualTo("value".getBytes(StandardCharsets.UTF_8));
            assertThat(as(user, "EVAL", "return redis.call('EXISTS', KEYS[1])", "1", key))
                    .isEqualTo(1L);
            assertThat(as(user, "INFO", "memory")).as("the health check's INFO").isNotNull();
        });
    }

    @Test
    void noServiceReachesAnotherServicesKeys() {
        var others = Map.of(
                RedisAccess.GATEWAY,
                        List.of("minasidor:auth:session:sessions:a", "minasidor:auth:authz:a", "bankid:order:a"),
                RedisAccess.AUTH_SERVICE, List.of("minasidor:gateway:session:sessions:a", "bankid:order:a"),
                RedisAccess.BANKID_ADAPTER, List.of("minasidor:gateway:session:sessions:a", "minasidor:auth:authz:a"));
        others.forEach((user, keys) -> keys.forEach(key -> {
            for (var command : List.of(
                    new String[] {"GET", key},
                    new String[] {"HGETALL", key},
                    new String[] {"SET", key, "forged"},
                    new String[] {"DEL", key},
                    new String[] {"EVAL", "return redis.call('GET', KEYS[1])", "1", key})) {
                assertThatThrownBy(() -> as(user, command))
                        .as("%s: %s", user, String.join(" ", command))
                        .isInstanceOf(RedisError.class)
                        .hasMessageStartingWith("NOPERM");
            }
        }));
    }

    @Test
    void noServiceReconfiguresEmptiesOrWatchesRedis() {
        for (var user : PASSWORDS.keySet()) {
            for (var command : List.of(
                    new String[] {"CONFIG", "SET", "notify-keyspace-events", ""},
                    new String[] {"CONFIG", "GET", "requirepass"},
                    new String[] {"FLUSHALL"},
                    new String[] {"FLUSHDB"},
                    new String[] {"KEYS", "*"},
                    new String[] {"ACL", "SETUSER", user, "~*"},
                    new String[] {"ACL", "LIST"},
                    new String[] {"MONITOR"},
                    new String[] {"DEBUG", "SLEEP", "0"},
                    new String[] {"REPLICAOF", "127.0.0.1", "1"},
                    new String[] {"SHUTDOWN"},
                    new String[] {"CLIENT", "KILL", "TYPE", "normal"})) {
                assertThatThrownBy(() -> as(user, command))
                        .as("%s: %s", user, String.join(" ", command))
                        .isInstanceOf(RedisError.class)
                        .hasMessageStartingWith("NOPERM");
            }
        }
    }

    @Test
    void onlyAuthServiceSubscribesToSpringSessionsEvents() {
        var subscribed = as(RedisAccess.AUTH_SERVICE, "PSUBSCRIBE", "minasidor:auth:session:event:0:created:*");
        assertThat(subscribed).asList().hasSize(3);
        assertThatThrownBy(() -> as(RedisAccess.GATEWAY, "SUBSCRIBE", "__keyevent@0__:expired"))
                .isInstanceOf(RedisError.class)
                .hasMessageStartingWith("NOPERM");
    }

    @Test
    void theServerSendsTheExpiryEventsSpringSessionNeedsWithoutAnyServiceSettingThem() {
        // Looked at as the tests' Redis (default user on): the same start, without the users.
        try (var open = RedisServer.start(0)) {
            var setting = (List<?>)
                    RespCommand.send("127.0.0.1", open.port(), null, null, "CONFIG", "GET", "notify-keyspace-events");
            assertThat(new String((byte[]) setting.get(1), StandardCharsets.UTF_8))
                    .contains("g")
                    .contains("x")
                    .contains("E");
        }
    }
}
