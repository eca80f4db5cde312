package se.teknikivast.minasidor.bankid.simulator;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * The simulator's timing (BankID's, docs/bankid.md) and its optional mutual-TLS port.
 *
 * @param qrMaxAge a scanned QR code older than this is refused, like the real app refuses a photo of an old code
 */
@Validated
@ConfigurationProperties("minasidor.bankid.simulator")
public record SimulatorProperties(
        @NotNull @DefaultValue("30s") Duration startWindow,
        @NotNull @DefaultValue("3m") Duration orderLifetime,
        @NotNull @DefaultValue("3m") Duration completedRetention,
        @NotNull @DefaultValue("5m") Duration failedRetention,
        @NotNull @DefaultValue("3s") Duration qrMaxAge,
        @Valid @NotNull @DefaultValue Tls tls) {

    /**
     * An extra HTTPS connector that requires a client certificate, serving the same {@code /rp/v6.0} API: the
     * adapter's real mutual-TLS code path against the simulator. Off unless {@code port} is set.
     *
     * @param keystore the simulator's server certificate and key (PKCS#12)
     * @param clientCa PEM with the CA(s) whose client certificates are accepted
     */
    public record Tls(Integer port, Resource keystore, String keystorePassword, Resource clientCa) {}
}
