package se.teknikivast.minasidor.resourceserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A {@link JwtDecoder} that verifies each access token's signature once and then, until the token's {@code exp},
 * answers from a bounded map of already verified tokens — still running the full claim validation (expiry,
 * not-before, issuer, type: whatever {@code validator} checks) on every use.
 *
 * <p>Why: an ES256 verification costs a few hundred microseconds of CPU, a large share of what a request costs a
 * resource server, and its callers send the same token many times: auth-service uses one client-credentials token
 * for its whole 5-minute life (customer lookups, BankID collects every 2 s per login), and so do the teams' clients.
 *
 * <p>Why it is safe:
 *
 * <ul>
 *   <li>The key is the <em>complete</em> compact token, header, payload and signature. A hit means these exact bytes
 *       passed signature verification before; any change to any part of the token — a tampered claim, a swapped
 *       signature, another algorithm in the header — is a different string, misses, and goes through the full
 *       verification by {@code verifier}. {@link ConcurrentHashMap} compares hashes before contents, so a lookup
 *       tells nothing about a token that was not presented in full.
 *   <li>Only tokens that passed verification are stored, so unauthenticated input cannot fill the map; it holds at
 *       most {@code maxEntries} tokens, and when it is full (after dropping the expired) a new token is simply
 *       verified every time instead of being stored.
 *   <li>Every hit is validated again with the same {@code validator} the verifier uses, against the current time:
 *       a token that expired while cached is refused exactly as if it had never been seen, and removed.
 *   <li>A token stays accepted at most until its own {@code exp} (access tokens live 5 minutes); tokens without an
 *       {@code exp} are never stored. Withdrawing a signing key from auth-service's JWKS therefore takes effect for
 *       cached tokens within that lifetime — no longer than the JWKS cache of the verifier itself (5 minutes).
 * </ul>
 *
 * <p>A plain class, no Spring configuration: each service builds its verifier and its validator once and gives the
 * same validator to both (see the services' {@code SecurityConfiguration}).
 */
public final class VerifiedTokenCache implements JwtDecoder {

    /** How often, at most, a full map is swept for expired tokens (a sweep walks the whole map). */
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param verifier the full verification (signature, then {@code validator}); its answers are what gets cached
     * @param validator the claim validation {@code verifier} applies, run again on every cache hit
     * @param clock the time the cached tokens' expiry is judged by (the validator's own clock should be the same)
     * @param maxEntries at most this many tokens are held; 0 stores none (every token is verified every time)
     */
    public VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, Clock clock, int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
        }
        this.verifier = verifier;
        this.validator = validator;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        var cached = verified.get(token);
        if (cached != null) {
            var result = validator.validate(cached);
            if (!result.hasErrors()) {
                return cached;
            }
            verified.remove(token, cached);
            throw new JwtValidationException(
                    result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        var jwt = verifier.decode(token);
        remember(token, jwt);
        return jwt;
    }

    /** The number of tokens held now (for tests and diagnostics). */
    int size() {
        return verified.size();
    }

    private void remember(String token, Jwt jwt) {
        var expiresAt = jwt.getExpiresAt();
        if (maxEntries == 0 || expiresAt == null) {
            return;
        }
        var now = clock.instant();
        if (!expiresAt.isAfter(now)) {
            return;
        }
        if (verified.size() >= maxEntries) {
            sweep(now);
            if (verified.size() >= maxEntries) {
                return;
            }
        }
        verified.put(token, jwt);
    }

    /** Drops the expired tokens, at most once per {@link #SWEEP_INTERVAL} (one caller sweeps, the others go on). */
    private void sweep(Instant now) {
        long last = lastSweep.get();
        long nowMillis = now.toEpochMilli();
        if (last != Long.MIN_VALUE && nowMillis - last < SWEEP_INTERVAL.toMillis()) {
            return;
        }
        if (!lastSweep.compareAndSet(last, nowMillis)) {
            return;
        }
        verified.values().removeIf(jwt -> !jwt.getExpiresAt().isAfter(now));
    }
}
