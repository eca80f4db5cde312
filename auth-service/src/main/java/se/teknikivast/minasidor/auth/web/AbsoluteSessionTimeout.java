package se.teknikivast.minasidor.auth.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session older than the absolute limit (docs/security.md: 8 h) before anything reads it, so an always
 * active session still has to log in again. Spring Session only knows the idle timeout. The request goes on without
 * a session: pages and the authorize endpoint then ask for a new login as they would for a new visitor.
 *
 * <p>Runs right after Spring Session's filter; static resources and actuator are skipped so they cost no Redis read.
 */
final class AbsoluteSessionTimeout extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AbsoluteSessionTimeout.class);

    private final SessionProperties properties;
    private final Clock clock;

    AbsoluteSessionTimeout(SessionProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var session = request.getSession(false);
        if (session != null) {
            try {
                var created = Instant.ofEpochMilli(session.getCreationTime());
                if (!clock.instant().isBefore(created.plus(properties.absoluteTimeout()))) {
                    session.invalidate();
                    log.debug("Session ended after the absolute limit of {}", properties.absoluteTimeout());
                }
            } catch (IllegalStateException alreadyInvalidated) {
                // Nothing left to end.
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        return StaticResources.isStatic(request) || path.startsWith("/actuator/");
    }
}
