package se.teknikivast.minasidor.auth.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * At most {@code mails-per-window} registration e-mails per customer number per sliding {@code window}
 * (docs/security.md: 3 an hour; no e-mail bombing). A Redis sorted set per customer of send times (from the
 * injected clock), trimmed and counted atomically in one script so concurrent requests and several instances agree.
 */
@Component
class RegistrationMailLimit {

    private static final RedisScript<Long> ACQUIRE = RedisScript.of("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final RegistrationProperties properties;
    private final Clock clock;

    RegistrationMailLimit(StringRedisTemplate redis, RegistrationProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    /** Takes one of the customer's e-mails in the current window; false when they are used up. */
    boolean tryAcquire(String customerNumber) {
        Duration window = properties.mailWindow();
        var result = redis.execute(
                ACQUIRE,
                List.of(properties.keyPrefix() + ":registration-mails:" + customerNumber),
                Long.toString(clock.millis()),
                Long.toString(window.toMillis()),
                Integer.toString(properties.mailsPerWindow()),
                UUID.randomUUID().toString());
        return result != null && result == 1L;
    }
}
