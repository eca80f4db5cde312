package se.teknikivast.minasidor.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;
import reactor.core.publisher.Mono;

/**
 * The WebFlux session store on top of Spring Session's Redis repository, writing to Redis only when a request
 * changed something. Spring Session's own store stamps "last accessed" on every request, so every request ends with
 * a write to Redis (an existence check, the hash field and the expiry: three round trips). Here the stamp is renewed only when the stored one is at least {@code lastAccessPrecision} old, so a
 * busy session is written about once a minute; the idle timeout (30 min) is then exact to within that precision —
 * a session idle for 29 minutes may end up to one precision early. Logins, logouts, token refreshes, CSRF tokens:
 * everything that sets, removes or replaces an attribute is written as before. A session that cannot be read back
 * (e.g. serialized by an older release) is ended instead of failing every request that carries its cookie.
 */
final class WriteOnChangeWebSessionStore<S extends Session> implements WebSessionStore {

    private static final Logger log = LoggerFactory.getLogger(WriteOnChangeWebSessionStore.class);

    /** What Spring Session's Redis repository says when a session it is asked to save no longer exists. */
    private static final Predicate<Throwable> ENDED_MEANWHILE =
            error -> error instanceof IllegalStateException && "Session was invalidated".equals(error.getMessage());

    private final ReactiveSessionRepository<S> sessions;
    private final Clock clock;
    private final Duration lastAccessPrecision;
    private final IdChanges idChanges;

    WriteOnChangeWebSessionStore(
            ReactiveSessionRepository<S> sessions, Clock clock, Duration lastAccessPrecision, IdChanges idChanges) {
        this.sessions = sessions;
        this.clock = clock;
        this.lastAccessPrecision = lastAccessPrecision;
        this.idChanges = idChanges;
    }

    /** Told after a session got a new id (at login, and whenever Spring Security stores a new CSRF token). */
    @FunctionalInterface
    interface IdChanges {
        Mono<Void> changed(Session session, String previousId);
    }

    @Override
    public Mono<WebSession> createWebSession() {
        return sessions.createSession().map(session -> new StoredSession(session, false, true));
    }

    @Override
    public Mono<WebSession> retrieveSession(String id) {
        return sessions.findById(id)
                .map(session -> {
                    boolean touched = touchIfStale(session, clock.instant());
                    return (WebSession) new StoredSession(session, true, touched);
                })
                .onErrorResume(WriteOnChangeWebSessionStore::isUnreadable, error -> {
                    // E.g. written by an older release whose classes changed: log in again instead of a 500.
                    log.warn(
                            "Ending a session that cannot be read: {}",
                            error.getClass().getSimpleName());
                    return sessions.deleteById(id).then(Mono.empty());
                });
    }

    /** A stored session Spring Session cannot turn back into a session (incomplete, or not deserializable). */
    static boolean isUnreadable(Throwable error) {
        return error instanceof IllegalStateException || error instanceof SerializationException;
    }

    @Override
    public Mono<Void> removeSession(String id) {
        return sessions.deleteById(id);
    }

    @Override
    public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
        return Mono.fromSupplier(() -> {
            var stored = (StoredSession) webSession;
            stored.session.setLastAccessedTime(clock.instant());
            stored.changed = true;
            return stored;
        });
    }

    /** Renews "last accessed" when the stored value is {@code lastAccessPrecision} old or older. */
    boolean touchIfStale(Session session, Instant now) {
        if (session.getLastAccessedTime().plus(lastAccessPrecision).isAfter(now)) {
            return false;
        }
        session.setLastAccessedTime(now);
        return true;
    }

    private enum State {
        NEW,
        STARTED,
        ENDED
    }

    private final class StoredSession implements WebSession {

        private final S session;
        private final Map<String, Object> attributes = new Attributes();
        private volatile State state;
        private volatile boolean changed;

        StoredSession(S session, boolean started, boolean changed) {
            this.session = session;
            this.state = started ? State.STARTED : State.NEW;
            this.changed = changed;
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public void start() {
            if (state == State.NEW) {
                state = State.STARTED;
            }
        }

        @Override
        public boolean isStarted() {
            return state == State.STARTED || (state == State.NEW && !attributes.isEmpty());
        }

        @Override
        public Mono<Void> changeSessionId() {
            return Mono.defer(() -> {
                var previousId = session.getId();
                session.changeSessionId();
                changed = true;
                return save().then(Mono.defer(() -> idChanges.changed(session, previousId)));
            });
        }

        @Override
        public Mono<Void> invalidate() {
            state = State.ENDED;
            return sessions.deleteById(session.getId());
        }

        @Override
        public Mono<Void> save() {
            if (!changed) {
                return Mono.empty();
            }
            changed = false;
            // Ended meanwhile (logout, password change on another instance): Spring Session refuses to write it back.
            return sessions.save(session).onErrorResume(ENDED_MEANWHILE, error -> Mono.empty());
        }

        @Override
        public boolean isExpired() {
            if (state == State.ENDED) {
                return true;
            }
            if (session.isExpired()) {
                state = State.ENDED;
                return true;
            }
            return false;
        }

        @Override
        public Instant getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public Instant getLastAccessTime() {
            return session.getLastAccessedTime();
        }

        @Override
        public void setMaxIdleTime(Duration maxIdleTime) {
            session.setMaxInactiveInterval(maxIdleTime);
            changed = true;
        }

        @Override
        public Duration getMaxIdleTime() {
            return session.getMaxInactiveInterval();
        }

        /** The session's attributes as a map; every write goes to the Spring Session and marks it changed. */
        private final class Attributes extends AbstractMap<String, Object> {

            @Override
            public @Nullable Object get(Object name) {
                return name instanceof String key ? session.getAttribute(key) : null;
            }

            @Override
            public boolean containsKey(Object name) {
                return get(name) != null;
            }

            @Override
            public int size() {
                return session.getAttributeNames().size();
            }

            @Override
            public boolean isEmpty() {
                return session.getAttributeNames().isEmpty();
            }

            @Override
            public @Nullable Object put(String name, Object value) {
                Object previous = session.getAttribute(name);
                if (value == null) {
                    session.removeAttribute(name);
                } else {
                    session.setAttribute(name, value);
                }
                changed = true;
                return previous;
            }

            @Override
            public @Nullable Object remove(Object name) {
                if (!(name instanceof String key)) {
                    return null;
                }
                Object previous = session.getAttribute(key);
                if (previous != null) {
                    session.removeAttribute(key);
                    changed = true;
                }
                return previous;
            }

            @Override
            public void clear() {
                Set.copyOf(session.getAttributeNames()).forEach(this::remove);
            }

            @Override
            public Set<Entry<String, Object>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, Object>> iterator() {
                        var names = Set.copyOf(session.getAttributeNames()).iterator();
                        return new Iterator<>() {
                            private @Nullable String current;

                            @Override
                            public boolean hasNext() {
                                return names.hasNext();
                            }

                            @Override
                            public Entry<String, Object> next() {
                                current = names.next();
                                return new SimpleEntry<>(current, session.getAttribute(current));
                            }

                            @Override
                            public void remove() {
                                if (current == null) {
                                    throw new IllegalStateException();
                                }
                                Attributes.this.remove(current);
                                current = null;
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return session.getAttributeNames().size();
                    }
                };
            }
        }
    }
}
