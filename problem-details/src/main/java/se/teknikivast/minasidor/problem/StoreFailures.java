package se.teknikivast.minasidor.problem;

import org.jspecify.annotations.Nullable;

/**
 * Whether a failure is a store's that does not answer or refuses (a 503 "try again", not a 500), and what it said, in
 * words safe for a log line: for Redis the exception's type and the error reply's code (OOM, READONLY, NOAUTH, …),
 * never a key or a value. Recognised by the class names along the cause chain (Lettuce's exceptions and Spring Data
 * Redis's translations of them), so the services need no common Redis dependency here.
 */
public final class StoreFailures {

    private StoreFailures() {}

    /** What Redis said when {@code failure} is Redis's ("RedisCommandTimeoutException", "…: OOM"), else null. */
    public static @Nullable String redis(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            var type = cause.getClass().getName();
            if (type.startsWith("io.lettuce.core.")) {
                var message = cause.getMessage() == null ? "" : cause.getMessage();
                // Redis error replies start with their code; the rest may name a key.
                var first = message.isBlank() ? "" : ": " + message.strip().split("\\s+", 2)[0];
                return cause.getClass().getSimpleName() + first;
            }
            if (type.equals("org.springframework.data.redis.RedisConnectionFailureException")
                    || type.equals("org.springframework.data.redis.RedisSystemException")) {
                return cause.getClass().getSimpleName();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
