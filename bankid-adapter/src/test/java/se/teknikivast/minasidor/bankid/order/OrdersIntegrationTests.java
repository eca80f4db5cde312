package se.teknikivast.minasidor.bankid.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import se.teknikivast.minasidor.bankid.message.Launch;
import se.teknikivast.minasidor.bankid.order.Order.Collected;
import se.teknikivast.minasidor.bankid.order.Orders.Access;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

/** The collect protocol's Redis scripts against a real Redis: who may ask BankID, and when. */
class OrdersIntegrationTests {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration LEASE = Duration.ofSeconds(12);

    static LettuceConnectionFactory connections;
    static StringRedisTemplate redis;

    final String prefix = TestInfrastructure.uniqueName("orders") + ":";
    final Orders orders = new Orders(
            redis, JsonMapper.builder().build(), new OrderProperties(INTERVAL, Duration.ofMinutes(10), prefix));
    final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

    @BeforeAll
    static void connect() {
        var server = TestInfrastructure.redis();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void oneCallerAtATimeAsksBankIdAndEveryoneElseGetsTheAnswerForOneInterval() {
        var order = newOrder("order-1");
        orders.create(order);

        var first = orders.claimCollect("order-1", t0, LEASE).orElseThrow();
        assertThat(first.access()).isEqualTo(Access.CLAIMED);
        assertThat(first.order()).isEqualTo(order);
        assertThat(orders.claimCollect("order-1", t0, LEASE).orElseThrow().access())
                .isEqualTo(Access.BUSY);

        var answered = order.withCollected(new Collected(t0, "pending", "userSign", null));
        assertThat(orders.saveCollected(answered, INTERVAL)).isTrue();
        var fresh = orders.claimCollect("order-1", t0.plus(INTERVAL).minusMillis(1), LEASE)
                .orElseThrow();
        assertThat(fresh.access()).isEqualTo(Access.FRESH);
        assertThat(fresh.order().lastCollect().hintCode()).isEqualTo("userSign");

        // One interval after the answer: the lease was released with the save, so the next caller may ask.
        assertThat(orders.claimCollect("order-1", t0.plus(INTERVAL), LEASE)
                        .orElseThrow()
                        .access())
                .isEqualTo(Access.CLAIMED);
    }

    @Test
    void aFinalAnswerIsNeverAskedForAgain() {
        var order = newOrder("order-2");
        orders.create(order);
        orders.claimCollect("order-2", t0, LEASE);
        orders.saveCollected(order.withCollected(new Collected(t0, "failed", "userCancel", null)), INTERVAL);

        var later = orders.claimCollect("order-2", t0.plus(Duration.ofMinutes(5)), LEASE)
                .orElseThrow();
        assertThat(later.access()).isEqualTo(Access.FRESH);
        assertThat(later.order().lastCollect().status()).isEqualTo("failed");
    }

    @Test
    void anAnswerArrivingAfterTheOrderWasCancelledDoesNotBringItBack() {
        var order = newOrder("order-3");
        orders.create(order);
        assertThat(orders.claimCollect("order-3", t0, LEASE).orElseThrow().access())
                .isEqualTo(Access.CLAIMED);

        orders.delete("order-3"); // cancelled on another instance while this one asked BankID

        assertThat(orders.saveCollected(order.withCollected(new Collected(t0, "pending", "userSign", null)), INTERVAL))
                .isFalse();
        assertThat(orders.find("order-3")).isEmpty();
        assertThat(orders.claimCollect("order-3", t0.plus(INTERVAL), LEASE)).isEmpty();
        assertThat(redis.hasKey(prefix + "collect-lock:order-3")).isFalse();
    }

    @Test
    void ordersExpire() {
        orders.create(newOrder("order-4"));
        assertThat(redis.getExpire(prefix + "order:order-4")).isBetween(590L, 600L);
        assertThat(orders.find("order-4")).isPresent();
        assertThat(orders.claimCollect("unknown", t0, LEASE)).isEmpty();
    }

    private Order newOrder(String orderRef) {
        return new Order(orderRef, Launch.QR_CODE, "203.0.113.7", "token", "secret", t0, null);
    }
}
