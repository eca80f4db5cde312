package se.teknikivast.minasidor.customer.importing;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param importOnStartup a JSON lines or CSV file to import (idempotently) when the service starts; empty for none.
 *     The local stack passes {@code local-stack/src/main/resources/demo/customers.jsonl}.
 */
@Validated
@ConfigurationProperties("minasidor.customers")
public record ImportProperties(@Nullable String importOnStartup) {}
