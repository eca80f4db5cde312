package se.teknikivast.minasidor.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which gateway sessions a customer is logged in with: a Redis set per customer number (the principal name: the ID
 * token's {@code sub}) of session ids, kept next to the sessions themselves, so any instance can end the sessions any other
 * instance made. The set lives as long as its newest login can ({@code absolute-session-timeout}); ids of sessions that
 * ended meanwhile are dropped the next time the set is read.
 *
 * <p>Why not Spring Session's indexed repository, which keeps such an index itself: it writes seven Redis commands on
 * every save instead of three, needs keyspace notifications ({@code CONFIG SET}) and subscriptions that do not survive
 * a Redis restart, and, unlike the plain repository, does not check that a session still exists before saving it, so a
 * request that was in flight while its session was ended writes it back as a fragment that breaks every later request
 * with that cookie (seen in this module's tests).
 */
@Component
public final class CustomerSessions {

    /** When the session's login completed (an {@link Instant}); set by the login's success handler. */
    public static final String LOGGED_IN_AT = "minasidor.gateway.loggedInAt";

    private static final String SECURITY_CONTEXT =
            WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME;

    private final ReactiveSessionRepository<? extends Session> sessions;
    private final ReactiveStringRedisTemplate redis;
    private final String keyPrefix;
    private final Duration keep;

    CustomerSessions(
            ReactiveSessionRepository<? extends Session> sessions,
            ReactiveStringRedisTemplate redis,
            @Value("${spring.session.data.redis.namespace}") String namespace,
            @Value("${minasidor.gateway.login.absolute-session-timeout}") Duration keep) {
        this.sessions = sessions;
        this.redis = redis;
        this.keyPrefix = namespace + ":customer-sessions:";
        this.keep = keep;
    }

    /**
     * Follows a session to its new id. Spring Security gives a session a new id whenever it stores a security context
     * or a CSRF token in it (at login, on the first page after it), so the set is kept up to date here rather than
     * only at login. Sessions without a login are not noted.
     */
    Mono<Void> moved(Session session, String previousId) {
        if (!(session.getAttribute(SECURITY_CONTEXT) instanceof SecurityContext context)
                || context.getAuthentication() == null) {
            return Mono.empty();
        }
        var key = keyPrefix + context.getAuthentication().getName();
        return redis.opsForSet()
                .remove(key, previousId)
                .then(redis.opsForSet().add(key, session.getId()))
                .then(redis.expire(key, keep))
                .then();
    }

    /**
     * Ends every session of the customer whose login happened before {@code instant}; a login after it (with the new
     * password) survives. Idempotent: ending an ended session does nothing.
     *
     * @return how many sessions were ended
     */
    public Mono<Long> endLoginsBefore(String customerNumber, Instant instant) {
        var key = keyPrefix + customerNumber;
        return redis.opsForSet()
                .members(key)
                .concatMap(id -> sessions.findById(id)
                        .map(session -> loggedInAt(session).isBefore(instant) ? Found.END : Found.KEEP)
                        .defaultIfEmpty(Found.GONE)
                        // A session that cannot be read any more cannot be used either; end it all the same.
                        .onErrorResume(WriteOnChangeWebSessionStore::isUnreadable, error -> Mono.just(Found.END))
                        .flatMap(found -> switch (found) {
                            case KEEP -> Mono.just(false);
                            case GONE -> redis.opsForSet().remove(key, id).thenReturn(false);
                            // Deleted before it leaves the set: after a failure the retry finds it again.
                            case END ->
                                sessions.deleteById(id)
                                        .then(redis.opsForSet().remove(key, id))
                                        .thenReturn(true);
                        }))
                .filter(ended -> ended)
                .count();
    }

    private enum Found {
        END,
        KEEP,
        GONE
    }

    /**
     * The login time; for a session without one (logged in before the attribute existed) its creation, which is
     * earlier still.
     */
    static Instant loggedInAt(Session session) {
        return switch (session.getAttribute(LOGGED_IN_AT)) {
            case Instant loggedIn -> loggedIn;
            // Stored as JSON (minasidor.gateway.session.json), an Instant reads back as its ISO-8601 text.
            case String loggedIn -> parsedOr(loggedIn, session.getCreationTime());
            case null, default -> session.getCreationTime();
        };
    }

    private static Instant parsedOr(String text, Instant fallback) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
