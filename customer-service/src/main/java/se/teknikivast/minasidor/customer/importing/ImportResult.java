package se.teknikivast.minasidor.customer.importing;

import java.util.List;

/**
 * What an import did: {@code imported} rows created or changed a customer, {@code unchanged} rows matched what was
 * stored, {@code rejected} rows were refused (with their 1-based line number in the input) and changed nothing.
 */
public record ImportResult(int imported, int unchanged, List<Rejection> rejected) {

    public record Rejection(int line, String reason) {}
}
