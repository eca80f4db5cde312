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
 */
@Validated
@ConfigurationProperties("minasidor.bankid")
public record BankIdProperties(
        @NotNull URI adapterUrl,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout,
        @NotNull Duration choiceTimeout) {}
