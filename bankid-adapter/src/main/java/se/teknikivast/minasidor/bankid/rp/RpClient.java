package se.teknikivast.minasidor.bankid.rp;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.teknikivast.minasidor.bankid.rp.RpMessages.AuthRequest;
import se.teknikivast.minasidor.bankid.rp.RpMessages.CollectResponse;
import se.teknikivast.minasidor.bankid.rp.RpMessages.ErrorResponse;
import se.teknikivast.minasidor.bankid.rp.RpMessages.OrderRefRequest;
import se.teknikivast.minasidor.bankid.rp.RpMessages.PhoneAuthRequest;
import se.teknikivast.minasidor.bankid.rp.RpMessages.PhoneStartResponse;
import se.teknikivast.minasidor.bankid.rp.RpMessages.StartResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The BankID RP API v6.0 client: {@code POST <base>/<endpoint>} with a JSON body, behind a circuit breaker.
 *
 * <p>Only {@code maintenance} is retried (BankID says it may be, silently); everything else is reported at once.
 * A call that gets no answer, or an outage error code, counts against the breaker.
 */
public final class RpClient {

    private static final Logger log = LoggerFactory.getLogger(RpClient.class);

    // No charset parameter: BankID answers 415 unsupportedMediaType to "application/json; charset=UTF-8".
    private static final String JSON = "application/json";
    private static final ContentType JSON_WITHOUT_CHARSET = ContentType.create(JSON);

    private final Map<String, URI> endpoints;
    private final CloseableHttpClient http;
    private final CircuitBreaker breaker;
    private final int maintenanceRetries;
    private final Duration maintenanceBackoff;
    private final List<String> certificatePolicies;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param http with the timeouts and TLS material for BankID (see {@link RpHttpClients}); closed by its owner
     */
    public RpClient(
            URI baseUrl,
            CloseableHttpClient http,
            CircuitBreaker breaker,
            int maintenanceRetries,
            Duration maintenanceBackoff,
            List<String> certificatePolicies,
            MeterRegistry meters) {
        this.endpoints = Map.of(
                "auth", URI.create(baseUrl + "/auth"),
                "phone/auth", URI.create(baseUrl + "/phone/auth"),
                "collect", URI.create(baseUrl + "/collect"),
                "cancel", URI.create(baseUrl + "/cancel"));
        this.http = http;
        this.breaker = breaker;
        this.maintenanceRetries = maintenanceRetries;
        this.maintenanceBackoff = maintenanceBackoff;
        this.certificatePolicies = List.copyOf(certificatePolicies);
        this.meters = meters;
    }

    /** The certificate policies every order is restricted to (Mobile BankID unless configured otherwise). */
    public List<String> certificatePolicies() {
        return certificatePolicies;
    }

    public StartResponse auth(AuthRequest request) {
        return call("auth", request, StartResponse.class);
    }

    public PhoneStartResponse phoneAuth(PhoneAuthRequest request) {
        return call("phone/auth", request, PhoneStartResponse.class);
    }

    public CollectResponse collect(String orderRef) {
        return call("collect", new OrderRefRequest(orderRef), CollectResponse.class);
    }

    public void cancel(String orderRef) {
        call("cancel", new OrderRefRequest(orderRef), Void.class);
    }

    private <T> T call(String endpoint, Object body, Class<T> type) {
        var sample = Timer.start(meters);
        var outcome = "ok";
        try {
            return breaker.executeCallable(() -> withMaintenanceRetry(endpoint, body, type));
        } catch (CallNotPermittedException e) {
            outcome = "circuitOpen";
            throw new RpException(RpError.CIRCUIT_OPEN, null, 0, "circuit breaker open", e);
        } catch (RpException e) {
            outcome = e.error() == RpError.UNKNOWN ? "unknown" : tagOf(e.error());
            throw e;
        } catch (Exception e) {
            outcome = "noAnswer";
            throw new RpException(RpError.NO_ANSWER, null, 0, e.getClass().getSimpleName(), e);
        } finally {
            sample.stop(meters.timer("bankid.rp.requests", "endpoint", endpoint, "outcome", outcome));
        }
    }

    private static String tagOf(RpError error) {
        return error.code() != null ? error.code() : error.name().toLowerCase(java.util.Locale.ROOT);
    }

    private <T> T withMaintenanceRetry(String endpoint, Object body, Class<T> type) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return once(endpoint, body, type);
            } catch (RpException e) {
                if (e.error() != RpError.MAINTENANCE || attempt >= maintenanceRetries) {
                    throw e;
                }
                log.info(
                        "BankID answered maintenance on /{}, retrying ({} of {})",
                        endpoint,
                        attempt + 1,
                        maintenanceRetries);
                Thread.sleep(maintenanceBackoff.multipliedBy(attempt + 1L));
            }
        }
    }

    private record Answer(int status, byte[] body) {}

    private <T> T once(String endpoint, Object body, Class<T> type) {
        var request = new HttpPost(endpoints.get(endpoint));
        request.setHeader("Accept", JSON);
        request.setEntity(new ByteArrayEntity(json.writeValueAsBytes(body), JSON_WITHOUT_CHARSET));
        Answer response;
        try {
            response = http.execute(
                    request,
                    answer -> new Answer(
                            answer.getCode(),
                            answer.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(answer.getEntity())));
        } catch (IOException e) {
            // Also the timeouts (SocketTimeoutException, ConnectionRequestTimeoutException): no answer in time.
            throw new RpException(RpError.NO_ANSWER, null, 0, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        int status = response.status();
        if (status == 200) {
            if (type == Void.class) {
                return null;
            }
            try {
                return json.readValue(response.body(), type);
            } catch (JacksonException e) {
                throw new RpException(RpError.UNKNOWN, null, status, "unreadable answer from /" + endpoint, e);
            }
        }
        ErrorResponse error = null;
        try {
            error = json.readValue(response.body(), ErrorResponse.class);
        } catch (JacksonException | IllegalArgumentException e) {
            // Not a BankID error body (e.g. a proxy's HTML page): classify by HTTP status alone.
        }
        var code = error != null ? error.errorCode() : null;
        throw new RpException(RpError.of(code, status), code, status, error != null ? error.details() : null, null);
    }
}
