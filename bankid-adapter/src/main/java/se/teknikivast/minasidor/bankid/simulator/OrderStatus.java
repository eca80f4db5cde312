package se.teknikivast.minasidor.bankid.simulator;

import java.util.Locale;

/** An order's status as BankID's /collect reports it. */
enum OrderStatus {
    PENDING,
    COMPLETE,
    FAILED;

    /** The RP API's spelling: {@code pending}, {@code complete}, {@code failed}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
