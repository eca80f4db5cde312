package se.teknikivast.minasidor.bankid.rp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * How the adapter reaches the BankID RP API v6.0.
 *
 * @param environment {@code test} or {@code production}: picks the default base URL and the Mobile BankID
 *     certificate policy
 * @param baseUrl overrides the environment's base URL (the simulator, or a proxy)
 * @param keystore the relying-party certificate and key (PKCS#12); required for https
 * @param trustAnchor PEM file with the BankID server root CA, the only certificate the client trusts; required for
 *     https
 * @param certificatePolicies overrides the environment's policy list (defaults to Mobile BankID only)
 */
@Validated
@ConfigurationProperties("minasidor.bankid.rp")
public record RpProperties(
        @NotNull @DefaultValue("test") Environment environment,
        URI baseUrl,
        Resource keystore,
        String keystorePassword,
        Resource trustAnchor,
        List<String> certificatePolicies,
        @NotNull @DefaultValue("2s") Duration connectTimeout,
        @NotNull @DefaultValue("5s") Duration requestTimeout,
        @Min(0) @Max(5) @DefaultValue("2") int maintenanceRetries,
        @NotNull @DefaultValue("250ms") Duration maintenanceBackoff,
        @NotNull @DefaultValue("30d") Duration certificateExpiryWarning,
        @Valid @NotNull @DefaultValue Breaker breaker) {

    public enum Environment {
        TEST("https://appapi2.test.bankid.com/rp/v6.0", "1.2.3.4.25"),
        PRODUCTION("https://appapi2.bankid.com/rp/v6.0", "1.2.752.78.1.5");

        private final URI baseUrl;
        private final String mobileBankIdPolicy;

        Environment(String baseUrl, String mobileBankIdPolicy) {
            this.baseUrl = URI.create(baseUrl);
            this.mobileBankIdPolicy = mobileBankIdPolicy;
        }
    }

    /**
     * Tuned for logins: a customer waits for the answer, so a BankID outage must be noticed within a handful of
     * calls (the library default needs 100) and probed again soon.
     */
    public record Breaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
            @Min(2) @DefaultValue("10") int slidingWindowSize,
            @Min(1) @DefaultValue("5") int minimumNumberOfCalls,
            @NotNull @DefaultValue("15s") Duration waitInOpenState,
            @Min(1) @DefaultValue("3") int permittedCallsInHalfOpenState,
            @NotNull @DefaultValue("3s") Duration slowCallDuration) {}

    public URI effectiveBaseUrl() {
        var url = baseUrl != null ? baseUrl : environment.baseUrl;
        var text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    public List<String> effectiveCertificatePolicies() {
        return certificatePolicies != null && !certificatePolicies.isEmpty()
                ? List.copyOf(certificatePolicies)
                : List.of(environment.mobileBankIdPolicy);
    }

    public boolean mutualTls() {
        return "https".equalsIgnoreCase(effectiveBaseUrl().getScheme());
    }
}
