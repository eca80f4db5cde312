package se.teknikivast.minasidor.bankid.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders in Redis, each a hash under {@code <prefix>order:<orderRef>} with a TTL: {@code order} (the JSON) and
 * {@code askAfter} (epoch milliseconds from which BankID may be asked again; absent before the first collect).
 *
 * <p>A collect is one round trip when the cached answer is fresh, and two when it asks BankID: one script reads the
 * order and, if its answer is stale, claims the right to ask (a lease key, so two instances never ask at once); one
 * script stores the new answer and releases the lease.
 */
final class Orders {

    /** Never ask BankID again: the answer is final. Larger than any clock reading, exact in Lua's numbers. */
    private static final long NEVER = 1L << 52;

    /** KEYS: order, lease; ARGV: now (ms), lease (ms). Returns nil (no order) or {order JSON, fresh|claimed|busy}. */
    private static final RedisScript<List> CLAIM = RedisScript.of("""
            local v = redis.call('HMGET', KEYS[1], 'order', 'askAfter')
            if not v[1] then return false end
            if v[2] and tonumber(v[2]) > tonumber(ARGV[1]) then return {v[1], 'fresh'} end
            if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return {v[1], 'claimed'} end
            return {v[1], 'busy'}
            """, List.class);

    /**
     * KEYS: order, lease; ARGV: order JSON, askAfter (ms), TTL (ms). Stores the answer unless the order was deleted
     * meanwhile (cancelled: it must not come back), and releases the lease.
     */
    private static final RedisScript<Long> SAVE_COLLECTED = RedisScript.of("""
            local stored = 0
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HSET', KEYS[1], 'order', ARGV[1], 'askAfter', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              stored = 1
            end
            redis.call('DEL', KEYS[2])
            return stored
            """, Long.class);

    /** KEYS: order; ARGV: order JSON, TTL (ms). A new order (replaces whatever was under the key). */
    private static final RedisScript<Long> CREATE = RedisScript.of("""
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'order', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final OrderProperties properties;

    Orders(StringRedisTemplate redis, JsonMapper json, OrderProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    /** What a collect may do with the order, decided atomically in Redis. */
    enum Access {
        /** The cached answer is less than one collect interval old, or final. */
        FRESH,
        /** This caller holds the lease: ask BankID, then {@link #saveCollected} (or {@link #releaseCollect}). */
        CLAIMED,
        /** Another instance is asking BankID right now: its answer is at most one interval behind. */
        BUSY
    }

    record Claim(Order order, Access access) {}

    Optional<Order> find(String orderRef) {
        var value = (String) redis.opsForHash().get(key(orderRef), "order");
        return Optional.ofNullable(value).map(this::read);
    }

    void create(Order order) {
        redis.execute(CREATE, List.of(key(order.orderRef())), write(order), millis(properties.ttl()));
    }

    /** Reads the order and, if its answer is stale, claims the right to ask BankID (for at most {@code lease}). */
    Optional<Claim> claimCollect(String orderRef, Instant now, Duration lease) {
        List<?> answer = redis.execute(
                CLAIM, List.of(key(orderRef), lockKey(orderRef)), Long.toString(now.toEpochMilli()), millis(lease));
        if (answer == null || answer.size() < 2) {
            return Optional.empty();
        }
        var access = switch ((String) answer.get(1)) {
            case "fresh" -> Access.FRESH;
            case "claimed" -> Access.CLAIMED;
            default -> Access.BUSY;
        };
        return Optional.of(new Claim(read((String) answer.get(0)), access));
    }

    /**
     * Stores BankID's answer (unless the order was deleted meanwhile) and releases the lease.
     *
     * @return false when the order no longer exists
     */
    boolean saveCollected(Order order, Duration interval) {
        var last = order.lastCollect();
        long askAfter = last.isFinal() ? NEVER : last.at().plus(interval).toEpochMilli();
        Long stored = redis.execute(
                SAVE_COLLECTED,
                List.of(key(order.orderRef()), lockKey(order.orderRef())),
                write(order),
                Long.toString(askAfter),
                millis(properties.ttl()));
        return stored != null && stored == 1L;
    }

    void releaseCollect(String orderRef) {
        redis.delete(lockKey(orderRef));
    }

    void delete(String orderRef) {
        redis.delete(key(orderRef));
    }

    private Order read(String text) {
        return json.readValue(text, Order.class);
    }

    private String write(Order order) {
        return json.writeValueAsString(order);
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }

    private String key(String orderRef) {
        return properties.keyPrefix() + "order:" + orderRef;
    }

    private String lockKey(String orderRef) {
        return properties.keyPrefix() + "collect-lock:" + orderRef;
    }
}
