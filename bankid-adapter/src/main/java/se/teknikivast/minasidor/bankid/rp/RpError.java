package se.teknikivast.minasidor.bankid.rp;

import java.util.Arrays;

/**
 * Every way an RP API call can fail: the v6.0 error codes, plus the adapter's own (no answer, breaker open).
 *
 * <p>{@code outage} errors mean "BankID is unavailable" (they open the breaker and the customer sees RFA5);
 * {@code rpSide} errors are our own mistakes and are never presented to a customer as a BankID error.
 */
public enum RpError {
    ALREADY_IN_PROGRESS("alreadyInProgress", false, false),
    INVALID_PARAMETERS("invalidParameters", false, true),
    UNAUTHORIZED("unauthorized", false, true),
    NOT_FOUND("notFound", false, true),
    METHOD_NOT_ALLOWED("methodNotAllowed", false, true),
    REQUEST_TIMEOUT("requestTimeout", true, false),
    UNSUPPORTED_MEDIA_TYPE("unsupportedMediaType", false, true),
    INTERNAL_ERROR("internalError", true, false),
    MAINTENANCE("maintenance", true, false),
    TOO_MANY_REQUESTS("tooManyRequests", true, false),
    /** An error code this adapter does not know yet (BankID may add codes). */
    UNKNOWN(null, false, false),
    /** No answer: connection refused, TLS handshake failed, timeout. */
    NO_ANSWER(null, true, false),
    /** The breaker is open: BankID was not called. */
    CIRCUIT_OPEN(null, true, false);

    private final String code;
    private final boolean outage;
    private final boolean rpSide;

    RpError(String code, boolean outage, boolean rpSide) {
        this.code = code;
        this.outage = outage;
        this.rpSide = rpSide;
    }

    public String code() {
        return code;
    }

    public boolean outage() {
        return outage;
    }

    public boolean rpSide() {
        return rpSide;
    }

    static RpError of(String errorCode, int httpStatus) {
        if (errorCode != null) {
            var known = Arrays.stream(values())
                    .filter(e -> errorCode.equals(e.code))
                    .findFirst();
            if (known.isPresent()) {
                return known.get();
            }
        }
        return switch (httpStatus) {
            case 401, 403 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 408 -> REQUEST_TIMEOUT;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> MAINTENANCE;
            default -> httpStatus >= 500 ? INTERNAL_ERROR : UNKNOWN;
        };
    }
}
