package se.teknikivast.minasidor.gateway.session;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import se.teknikivast.minasidor.deployment.serialization.AllowListRedisSerializer;

/**
 * Spring Session (Boot's auto-configuration) keeps the sessions in Redis. Its web session manager is kept;
 * only the store behind it is swapped for one that writes to Redis when a request changed the session (see
 * {@link WriteOnChangeWebSessionStore}).
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    /**
     * Spring Session reads this bean (by name) for the session's fields and attributes: JSON instead of JDK
     * serialization (see {@link JsonSessionSerializer}), when {@code minasidor.gateway.session.json} is true. Off by
     * default: through the gateway it cost more per proxied request than JDK serialization (1.32 against 1.13 ms of CPU
     * at 8 clients, same jar back to back; docs/performance.md), although reading a session alone is cheaper with it
     * once compiled (83 against 133 µs).
     */
    @Bean("springSessionDefaultRedisSerializer")
    @ConditionalOnBooleanProperty("minasidor.gateway.session.json")
    RedisSerializer<Object> jsonSessionSerializer() {
        return new JsonSessionSerializer(getClass().getClassLoader());
    }

    /**
     * Otherwise JDK serialization, read back through an allow-list (the JDK's value types and Spring Security's
     * classes, which are all a gateway session holds): a stored session naming any other class is refused before it is
     * made, so write access to Redis does not become code execution here, and {@link WriteOnChangeWebSessionStore} ends it as
     * unreadable.
     */
    @Bean("springSessionDefaultRedisSerializer")
    @ConditionalOnBooleanProperty(name = "minasidor.gateway.session.json", havingValue = false, matchIfMissing = true)
    RedisSerializer<Object> jdkSessionSerializer() {
        return AllowListRedisSerializer.allowing(getClass().getClassLoader());
    }

    @Bean
    static BeanPostProcessor writeOnChangeWebSessionStore(
            ObjectProvider<ReactiveSessionRepository<? extends Session>> repositories,
            ObjectProvider<Clock> clocks,
            ObjectProvider<SessionStoreProperties> properties,
            ObjectProvider<CustomerSessions> customerSessions) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME.equals(name)
                        && bean instanceof DefaultWebSessionManager manager) {
                    manager.setSessionStore(new WriteOnChangeWebSessionStore<>(
                            repositories.getObject(),
                            clocks.getObject(),
                            properties.getObject().lastAccessPrecision(),
                            (session, previousId) ->
                                    customerSessions.getObject().moved(session, previousId)));
                }
                return bean;
            }
        };
    }
}
