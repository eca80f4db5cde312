package se.teknikivast.minasidor.auth.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The servlet session repository (under Spring Session's {@code SessionRepositoryFilter}) on top of Spring Session's
 * indexed Redis repository, writing to Redis only when a request changed the session.
 *
 * <p>Spring Session stamps "last accessed" on every request that reads the session, so every page, every BankID
 * status poll and every authorize request ended with a write (the hash field, then the expiry bookkeeping of the
 * indexed repository: APPEND, PEXPIRE ×3, SADD). Here the stamp is renewed only when the stored one is at least
 * {@code lastAccessPrecision} (1 min) old, or together with any other change; so the idle timeout (30 min) is exact to
 * within that precision — a session idle for 29 minutes may end up to a minute early. Everything that sets, removes
 * or replaces an attribute (security context, CSRF token, saved request, registration and BankID state), a new id
 * and a new session are written as before, so the principal-name index stays up to date.
 *
 * <p>It also reads each session at most once per request ({@link SessionReadScope}, opened by a filter around Spring
 * Session's): Spring Session commits the session twice per request (when the response is
 * committed and when the filter chain returns) and the second commit looks the requested session up again, a second
 * HGETALL of the whole session for nothing.
 */
final class WriteOnChangeSessionRepository<S extends Session>
        implements SessionRepository<WriteOnChangeSessionRepository<S>.TrackedSession> {

    private static final Logger log = LoggerFactory.getLogger(WriteOnChangeSessionRepository.class);

    private final SessionRepository<S> sessions;
    private final Duration lastAccessPrecision;
    private final SessionReadScope readInThisRequest;

    WriteOnChangeSessionRepository(
            SessionRepository<S> sessions, Duration lastAccessPrecision, SessionReadScope readInThisRequest) {
        this.sessions = sessions;
        this.lastAccessPrecision = lastAccessPrecision;
        this.readInThisRequest = readInThisRequest;
    }

    @Override
    public TrackedSession createSession() {
        return new TrackedSession(sessions.createSession(), true);
    }

    @Override
    public void save(TrackedSession session) {
        session.saveIfChanged();
    }

    @Override
    public @Nullable TrackedSession findById(String id) {
        var read = readInThisRequest.sessions();
        if (read != null && read.containsKey(id)) {
            // Read before in this request: the same object (with this request's changes), unless it has been given
            // a new id meanwhile — then the old id no longer exists.
            @SuppressWarnings("unchecked")
            var before = (Optional<TrackedSession>) read.get(id);
            return before.filter(session -> session.getId().equals(id)).orElse(null);
        }
        S stored;
        try {
            stored = sessions.findById(id);
        } catch (SerializationException e) {
            // Not readable with the allow-list (StoredValuesConfiguration) or otherwise damaged: as if it had expired.
            // The browser's cookie is cleared or replaced; the stored value expires with its time to live.
            log.warn(
                    "An unreadable session in Redis was ended ({})",
                    e.getClass().getSimpleName());
            stored = null;
        }
        var session = stored == null ? null : new TrackedSession(stored, false);
        if (read != null) {
            read.put(id, Optional.ofNullable(session));
        }
        return session;
    }

    @Override
    public void deleteById(String id) {
        sessions.deleteById(id);
        var read = readInThisRequest.sessions();
        if (read != null) {
            read.put(id, Optional.empty());
        }
    }

    /** A stored session that remembers whether this request changed it. */
    final class TrackedSession implements Session {

        private final S session;
        private boolean isNew;
        private boolean changed;
        private @Nullable Instant unsavedLastAccess;

        TrackedSession(S session, boolean isNew) {
            this.session = session;
            this.isNew = isNew;
        }

        void saveIfChanged() {
            if (!isNew && !changed) {
                return;
            }
            if (unsavedLastAccess != null) {
                // Written anyway: the exact stamp costs nothing extra.
                session.setLastAccessedTime(unsavedLastAccess);
                unsavedLastAccess = null;
            }
            sessions.save(session);
            isNew = false;
            changed = false;
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public String changeSessionId() {
            changed = true;
            return session.changeSessionId();
        }

        @Override
        public <T> @Nullable T getAttribute(String name) {
            return session.getAttribute(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return session.getAttributeNames();
        }

        @Override
        public void setAttribute(String name, @Nullable Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            session.setAttribute(name, value);
            changed = true;
        }

        @Override
        public void removeAttribute(String name) {
            if (session.getAttribute(name) != null) {
                session.removeAttribute(name);
                changed = true;
            }
        }

        @Override
        public Instant getCreationTime() {
            return session.getCreationTime();
        }

        /** Stored only when the stored stamp is {@code lastAccessPrecision} old, or with another change. */
        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            if (isNew
                    || !session.getLastAccessedTime().plus(lastAccessPrecision).isAfter(lastAccessedTime)) {
                session.setLastAccessedTime(lastAccessedTime);
                unsavedLastAccess = null;
                changed = true;
            } else {
                unsavedLastAccess = lastAccessedTime;
            }
        }

        @Override
        public Instant getLastAccessedTime() {
            return unsavedLastAccess != null ? unsavedLastAccess : session.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            if (!interval.equals(session.getMaxInactiveInterval())) {
                session.setMaxInactiveInterval(interval);
                changed = true;
            }
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return session.getMaxInactiveInterval();
        }

        /** As stored: a stamp not yet written does not keep a session alive in Redis either. */
        @Override
        public boolean isExpired() {
            return session.isExpired();
        }
    }
}
