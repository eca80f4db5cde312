package se.teknikivast.minasidor.bankid.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens the delegate has verified (signature, issuer, expiry), until they expire, so that a caller using
 * one access token for many requests (auth-service polls collect every 2 s per login, with one client-credentials
 * token for all of them) pays for the signature check once, not per request.
 *
 * <p>Each use of a remembered token checks its expiry again, by the same rule as Spring Security's default
 * validator ({@code exp} plus {@link #CLOCK_SKEW}); an expired token is dropped and handed to the delegate, which
 * refuses it with its own error. Tokens without {@code exp}, and tokens the delegate refuses, are never remembered.
 * At most {@code maxEntries} tokens are kept; when full, expired ones are dropped first, and if none are expired the
 * new token is simply verified each time. A key rotation at auth-service does not end a remembered token early:
 * like any verified JWT it is valid until it expires (5 minutes for auth-service's access tokens).
 */
final class CachingJwtDecoder implements JwtDecoder {

    /** Spring Security's {@code JwtTimestampValidator} default. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final JwtDecoder delegate;
    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, Clock clock, int maxEntries) {
        this.delegate = delegate;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        var jwt = verified.get(token);
        if (jwt != null) {
            if (!expired(jwt, clock.instant())) {
                return jwt;
            }
            verified.remove(token, jwt);
        }
        jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null && !expired(jwt, clock.instant()) && roomFor()) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** How many verified tokens are remembered now (for tests). */
    int size() {
        return verified.size();
    }

    private boolean roomFor() {
        if (verified.size() < maxEntries) {
            return true;
        }
        var now = clock.instant();
        verified.values().removeIf(jwt -> expired(jwt, now));
        return verified.size() < maxEntries;
    }

    private static boolean expired(Jwt jwt, Instant now) {
        return now.isAfter(jwt.getExpiresAt().plus(CLOCK_SKEW));
    }
}
