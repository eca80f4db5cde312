package se.teknikivast.minasidor.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by all gateway instances. One Lua script reads, refills, takes and writes a bucket
 * atomically; the time comes from the injected clock so every instance and every test agrees on "now".
 */
@Component
final class TokenBuckets {

    private static final RedisScript<List> TAKE = RedisScript.of("""
            local capacity = tonumber(ARGV[1])
            local per_ms = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(bucket[1]) or capacity
            local at = tonumber(bucket[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)
            return { allowed, math.floor(tokens) }
            """, List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;

    TokenBuckets(ReactiveStringRedisTemplate redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Takes one token from the bucket under {@code key}; emits whether there was one. */
    Mono<Boolean> take(String key, int burst, int perMinute, Duration timeout) {
        var perMillisecond = perMinute / 60_000.0;
        return redis.execute(
                        TAKE,
                        List.of(key),
                        List.of(String.valueOf(burst), String.valueOf(perMillisecond), String.valueOf(clock.millis())))
                .next()
                .map(result -> ((Number) result.getFirst()).longValue() == 1L)
                .timeout(timeout);
    }
}
