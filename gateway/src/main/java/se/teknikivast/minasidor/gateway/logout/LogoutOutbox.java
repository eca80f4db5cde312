package se.teknikivast.minasidor.gateway.logout;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logouts auth-service has not confirmed yet, in Redis, so any gateway instance can deliver them: one value per logout
 * ({@code <prefix>:job:<id>}, the login's tokens as JSON, expiring when the login's refresh token would have) and one
 * sorted set of ids by when to try next ({@code <prefix>:due}). A logout is written here before auth-service is
 * asked, and removed once auth-service has confirmed every part, so neither a failed call nor a gateway that stops
 * in between loses it.
 *
 * <p>An instance claims a due logout by moving its time one retry interval ahead (a script, so two instances do not
 * both take it); if it then fails, the logout is simply due again then. Delivering twice is harmless.
 */
@Component
class LogoutOutbox {

    private static final RedisScript<Long> CLAIM = RedisScript.of("""
            local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if due and tonumber(due) <= tonumber(ARGV[2]) then
              redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
              return 1
            end
            return 0""", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final LogoutProperties properties;
    private final Clock clock;
    private final String dueKey;

    LogoutOutbox(ReactiveStringRedisTemplate redis, JsonMapper json, LogoutProperties properties, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.dueKey = properties.keyPrefix() + ":due";
    }

    /** Keeps the logout, due one retry interval from now (the immediate attempt is the caller's); returns its id. */
    Mono<String> add(LoginTokens tokens) {
        var id = UUID.randomUUID().toString();
        var due = clock.millis() + properties.retryInterval().toMillis();
        return redis.opsForValue()
                .set(jobKey(id), json.writeValueAsString(tokens), properties.giveUpAfter())
                .then(redis.opsForZSet().add(dueKey, id, due))
                .thenReturn(id);
    }

    /** auth-service has it all: forget it. */
    Mono<Void> done(String id) {
        return redis.delete(jobKey(id))
                .then(redis.opsForZSet().remove(dueKey, id))
                .then();
    }

    /** Up to {@code limit} due logouts, each claimed by this instance for one retry interval. */
    Flux<Pending> claimDue(int limit) {
        var now = clock.millis();
        var until = now + properties.retryInterval().toMillis();
        return redis.opsForZSet()
                .rangeByScore(
                        dueKey, Range.closed(0.0, (double) now), Limit.limit().count(limit))
                .concatMap(id -> redis.execute(
                                CLAIM, List.of(dueKey), List.of(id, Long.toString(now), Long.toString(until)))
                        .next()
                        .filter(claimed -> claimed == 1L)
                        .flatMap(claimed -> load(id)));
    }

    private Mono<Pending> load(String id) {
        return redis.opsForValue()
                .get(jobKey(id))
                .map(value -> new Pending(id, json.readValue(value, LoginTokens.class)))
                // Kept until its refresh token would have expired (give-up-after): nothing left to end, drop the id.
                .switchIfEmpty(
                        Mono.defer(() -> redis.opsForZSet().remove(dueKey, id).then(Mono.empty())));
    }

    /** How many logouts wait for auth-service (for the gauge and the tests). */
    Mono<Long> size() {
        return redis.opsForZSet().size(dueKey);
    }

    private String jobKey(String id) {
        return properties.keyPrefix() + ":job:" + id;
    }

    record Pending(String id, LoginTokens tokens) {}
}
