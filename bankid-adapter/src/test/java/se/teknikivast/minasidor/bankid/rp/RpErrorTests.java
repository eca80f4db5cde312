package se.teknikivast.minasidor.bankid.rp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpErrorTests {

    @ParameterizedTest(name = "{0} (HTTP {1}) → {2}")
    @CsvSource({
        "alreadyInProgress, 400, ALREADY_IN_PROGRESS, false",
        "invalidParameters, 400, INVALID_PARAMETERS, false",
        "unauthorized, 401, UNAUTHORIZED, false",
        "notFound, 404, NOT_FOUND, false",
        "methodNotAllowed, 405, METHOD_NOT_ALLOWED, false",
        "requestTimeout, 408, REQUEST_TIMEOUT, true",
        "unsupportedMediaType, 415, UNSUPPORTED_MEDIA_TYPE, false",
        "internalError, 500, INTERNAL_ERROR, true",
        "maintenance, 503, MAINTENANCE, true",
        "tooManyRequests, 429, TOO_MANY_REQUESTS, true",
        "somethingNew, 400, UNKNOWN, false",
        ", 403, UNAUTHORIZED, false",
        ", 502, INTERNAL_ERROR, true",
    })
    void mapsEveryV6ErrorCodeAndTreatsOnlyOutagesAsOutages(String code, int status, RpError error, boolean outage) {
        assertThat(RpError.of(code, status)).isEqualTo(error);
        assertThat(error.outage()).isEqualTo(outage);
    }
}
