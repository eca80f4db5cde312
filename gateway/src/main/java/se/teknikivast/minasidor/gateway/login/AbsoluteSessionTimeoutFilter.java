package se.teknikivast.minasidor.gateway.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The idle timeout (30 min) keeps a session alive while it is used; this ends it a fixed time after it began,
 * however busy it is (8 h, like the refresh tokens). Runs before Spring Security reads the session.
 */
@Component
final class AbsoluteSessionTimeoutFilter implements WebFilter, Ordered {

    private final Duration maximum;
    private final Clock clock;

    AbsoluteSessionTimeoutFilter(LoginProperties login, Clock clock) {
        this.maximum = login.absoluteSessionTimeout();
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // The gateway's session plays no part in auth-service's pages; don't load it for them.
        // Nor for static files, which must not cost a Redis round trip.
        if (exchange.getRequest().getPath().value().startsWith("/auth/")
                || StaticFiles.isStaticFile(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return exchange.getSession()
                .filter(session -> session.isStarted() && isTooOld(session.getCreationTime(), clock.instant()))
                .flatMap(AbsoluteSessionTimeoutFilter::end)
                .then(chain.filter(exchange));
    }

    boolean isTooOld(Instant created, Instant now) {
        return !created.plus(maximum).isAfter(now);
    }

    private static Mono<Void> end(WebSession session) {
        // Emptied as well: this request still holds the session object, and must not find the login in it.
        new ArrayList<>(session.getAttributes().keySet()).forEach(session.getAttributes()::remove);
        return session.invalidate();
    }

    @Override
    public int getOrder() {
        return -150;
    }
}
