package se.teknikivast.minasidor.auth.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Puts {@link WriteOnChangeSessionRepository} under Spring Session's servlet filter. Spring Boot's Redis session
 * auto-configuration stays as it is (namespace, timeout, the indexed repository that {@code CustomerSessions} uses to
 * end a customer's sessions); only the filter bean Boot registers ({@code springSessionRepositoryFilter}) is replaced
 * by one reading and writing through the write-on-change repository, with the same cookie handling.
 */
@Configuration(proxyBeanMethods = false)
class WriteOnChangeSessionConfiguration {

    /** How stale the stored "last accessed" may get before a request that changes nothing writes it. */
    static final Duration LAST_ACCESS_PRECISION = Duration.ofMinutes(1);

    static final String FILTER_BEAN = "springSessionRepositoryFilter";

    @Bean
    static SessionReadScope sessionReadScope() {
        return new SessionReadScope();
    }

    /**
     * The repository is made here, not declared as a bean: Boot's Redis session auto-configuration backs off as soon
     * as any {@code SessionRepository} bean exists.
     */
    @Bean
    static BeanPostProcessor writeOnChangeSessionFilter(
            ObjectProvider<RedisIndexedSessionRepository> sessions,
            ObjectProvider<SessionReadScope> scope,
            ObjectProvider<HttpSessionIdResolver> idResolver,
            ObjectProvider<CookieSerializer> cookies) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!FILTER_BEAN.equals(name) || !(bean instanceof SessionRepositoryFilter<?>)) {
                    return bean;
                }
                @SuppressWarnings("unchecked")
                var indexed = (SessionRepository<Session>) (SessionRepository<?>) sessions.getObject();
                var filter = new SessionRepositoryFilter<>(
                        new WriteOnChangeSessionRepository<>(indexed, LAST_ACCESS_PRECISION, scope.getObject()));
                filter.setHttpSessionIdResolver(idResolver.getIfAvailable(() -> {
                    var cookieResolver = new CookieHttpSessionIdResolver();
                    cookies.ifAvailable(cookieResolver::setCookieSerializer);
                    return cookieResolver;
                }));
                return filter;
            }
        };
    }

    /** Around Spring Session's filter: the span in which a session is read at most once. */
    @Bean
    FilterRegistrationBean<Filter> sessionReadOncePerRequest(SessionReadScope scope) {
        Filter filter = (request, response, chain) -> {
            boolean outermost = scope.open();
            try {
                chain.doFilter(request, response);
            } finally {
                if (outermost) {
                    scope.close();
                }
            }
        };
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }
}
