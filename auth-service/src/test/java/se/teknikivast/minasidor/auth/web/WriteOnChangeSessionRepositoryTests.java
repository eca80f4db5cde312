package se.teknikivast.minasidor.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

/** What reaches the underlying repository (Redis in production; a recording map here) for each kind of request. */
class WriteOnChangeSessionRepositoryTests {

    /** The stored sessions, and every call that would be a Redis command. */
    static final class Recording implements SessionRepository<MapSession> {
        final MapSessionRepository stored = new MapSessionRepository(new ConcurrentHashMap<>());
        final List<String> calls = new ArrayList<>();

        @Override
        public MapSession createSession() {
            return stored.createSession();
        }

        @Override
        public void save(MapSession session) {
            calls.add("save");
            stored.save(session);
        }

        @Override
        public MapSession findById(String id) {
            calls.add("find");
            return stored.findById(id);
        }

        @Override
        public void deleteById(String id) {
            calls.add("delete");
            stored.deleteById(id);
        }
    }

    final Recording redis = new Recording();
    final SessionReadScope scope = new SessionReadScope();
    final WriteOnChangeSessionRepository<MapSession> sessions =
            new WriteOnChangeSessionRepository<>(redis, Duration.ofMinutes(1), scope);
    final Instant start = Instant.now();
    String id;

    @BeforeEach
    void aStoredSession() {
        var session = sessions.createSession();
        session.setLastAccessedTime(start);
        session.setAttribute("step", "1");
        sessions.save(session);
        id = session.getId();
        redis.calls.clear();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    /** One request as Spring Session's filter makes it: read, stamp, save (twice: on commit and at the end). */
    void request(
            Instant now, java.util.function.Consumer<WriteOnChangeSessionRepository<MapSession>.TrackedSession> work) {
        scope.open();
        try {
            var session = sessions.findById(id);
            session.setLastAccessedTime(now);
            work.accept(session);
            sessions.save(session);
            assertThat(sessions.findById(id)).isSameAs(session);
            sessions.save(session);
        } finally {
            scope.close();
        }
    }

    @Test
    void aRequestThatChangesNothingWithinAMinuteOnlyReadsOnce() {
        request(
                start.plusSeconds(59),
                session -> assertThat((String) session.getAttribute("step")).isEqualTo("1"));

        assertThat(redis.calls).containsExactly("find");
        assertThat(redis.stored.findById(id).getLastAccessedTime()).isEqualTo(start);
    }

    @Test
    void lastAccessIsWrittenOnceTheStoredOneIsAMinuteOld() {
        request(start.plusSeconds(60), session -> {});

        assertThat(redis.calls).containsExactly("find", "save");
        assertThat(redis.stored.findById(id).getLastAccessedTime()).isEqualTo(start.plusSeconds(60));
    }

    @Test
    void aChangeIsWrittenWithTheExactLastAccess() {
        request(start.plusSeconds(5), session -> session.setAttribute("step", "2"));

        assertThat(redis.calls).containsExactly("find", "save");
        var stored = redis.stored.findById(id);
        assertThat((String) stored.getAttribute("step")).isEqualTo("2");
        assertThat(stored.getLastAccessedTime()).isEqualTo(start.plusSeconds(5));
    }

    @Test
    void removingAnAttributeIsAChangeButRemovingAnAbsentOneIsNot() {
        request(start.plusSeconds(5), session -> session.removeAttribute("absent"));
        assertThat(redis.calls).containsExactly("find");

        redis.calls.clear();
        request(start.plusSeconds(6), session -> session.removeAttribute("step"));
        assertThat(redis.calls).containsExactly("find", "save");
        assertThat(redis.stored.findById(id).getAttributeNames()).doesNotContain("step");
    }

    @Test
    void aNewIdIsWrittenAndTheOldIdIsGoneForTheRestOfTheRequest() {
        scope.open();
        var session = sessions.findById(id);
        var newId = session.changeSessionId();
        sessions.save(session);

        assertThat(sessions.findById(id)).isNull();
        assertThat(redis.calls).containsExactly("find", "save");
        assertThat(redis.stored.findById(newId)).isNotNull();
    }

    @Test
    void aDeletedSessionIsGoneForTheRestOfTheRequest() {
        scope.open();
        assertThat(sessions.findById(id)).isNotNull();
        sessions.deleteById(id);

        assertThat(sessions.findById(id)).isNull();
        assertThat(redis.calls).containsExactly("find", "delete");
    }

    @Test
    void outsideARequestEveryLookupReads() {
        sessions.findById(id);
        sessions.findById(id);

        assertThat(redis.calls).containsExactly("find", "find");
    }

    @Test
    void aNewSessionIsAlwaysWritten() {
        var session = sessions.createSession();
        session.setLastAccessedTime(start);
        sessions.save(session);

        assertThat(redis.calls).containsExactly("save");
        assertThat(redis.stored.findById(session.getId())).isNotNull();
    }
}
