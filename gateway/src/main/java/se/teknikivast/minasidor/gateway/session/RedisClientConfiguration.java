package se.teknikivast.minasidor.gateway.session;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    /**
     * Every request that carries a session waits for Redis, and Lettuce by default continues the request on its own
     * I/O thread: one thread per connection, so the rest of the request (security, routing, the proxied call) for all
     * requests ran on that one thread (43 % of the gateway's CPU samples under load). Emitting on Lettuce's computation
     * threads (one per core) spreads that work over the cores and keeps the I/O thread free for Redis.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "minasidor.gateway.redis.publish-on-scheduler", matchIfMissing = true)
    LettuceClientOptionsBuilderCustomizer publishRedisRepliesOffTheIoThread() {
        return options -> options.publishOnScheduler(true);
    }
}
