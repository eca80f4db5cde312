package se.teknikivast.minasidor.bankid.order;

import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Orders in Redis, as JSON under {@code <prefix>order:<orderRef>}, each with a TTL. */
final class Orders {

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final OrderProperties properties;

    Orders(StringRedisTemplate redis, JsonMapper json, OrderProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    Optional<Order> find(String orderRef) {
        var value = redis.opsForValue().get(key(orderRef));
        return Optional.ofNullable(value).map(text -> json.readValue(text, Order.class));
    }

    void save(Order order) {
        redis.opsForValue().set(key(order.orderRef()), json.writeValueAsString(order), properties.ttl());
    }

    void delete(String orderRef) {
        redis.delete(key(orderRef));
    }

    /**
     * Claims the right to call BankID's /collect for this order, across all instances. The lease only guards
     * against two instances calling at once; the 2 s spacing comes from the cached answer's time.
     */
    boolean claimCollect(String orderRef, Duration lease) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(lockKey(orderRef), "1", lease));
    }

    void releaseCollect(String orderRef) {
        redis.delete(lockKey(orderRef));
    }

    private String key(String orderRef) {
        return properties.keyPrefix() + "order:" + orderRef;
    }

    private String lockKey(String orderRef) {
        return properties.keyPrefix() + "collect-lock:" + orderRef;
    }
}
