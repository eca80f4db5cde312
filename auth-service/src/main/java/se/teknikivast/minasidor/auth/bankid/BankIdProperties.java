package se.teknikivast.minasidor.auth.bankid;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param adapterUrl bankid-adapter's base URL ({@code MINASIDOR_BANKID_ADAPTER_URL})
 * @param connectTimeout/readTimeout short: a login page waits on these, and the adapter answers in milliseconds
 * @param choiceTimeout how long a completed identification may wait for the customer to pick one of several accounts
 * @param returnTimeout how long a completed this-device order whose app was at another address than the browser
 *     waits for the app to bring the customer back with the order's nonce, before it is refused as relayed
 */
@Validated
@ConfigurationProperties("minasidor.bankid")
public record BankIdProperties(
        @NotNull URI adapterUrl,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout,
        @NotNull Duration choiceTimeout,
        @NotNull Duration returnTimeout) {}
