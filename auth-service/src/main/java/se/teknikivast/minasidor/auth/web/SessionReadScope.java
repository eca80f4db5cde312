package se.teknikivast.minasidor.auth.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.session.Session;

/**
 * The sessions {@link WriteOnChangeSessionRepository} read while one request is served on this thread (opened and closed by
 * a filter around Spring Session's), so each is read from Redis at most once per request. Not a repository itself,
 * so Spring Boot's Redis session auto-configuration (which backs off when it sees one) stays in charge.
 */
final class SessionReadScope {

    private final ThreadLocal<Map<String, Optional<? extends Session>>> read = new ThreadLocal<>();

    /** Opens the scope; false if it is open already (an error dispatch inside the request), then leave it be. */
    boolean open() {
        if (read.get() != null) {
            return false;
        }
        read.set(new HashMap<>());
        return true;
    }

    void close() {
        read.remove();
    }

    /** The sessions read in this request by id (empty: known not to exist), or null outside a request. */
    @Nullable
    Map<String, Optional<? extends Session>> sessions() {
        return read.get();
    }
}
