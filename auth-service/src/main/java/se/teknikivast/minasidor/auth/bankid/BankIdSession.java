package se.teknikivast.minasidor.auth.bankid;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What a BankID login keeps in the server-side (Redis) session, so any auth-service instance can continue it.
 * Never the personal number: after completion only the customer accounts it matched are kept.
 */
final class BankIdSession {

    static final String ORDER = BankIdSession.class.getName() + ".order";
    static final String CHOICE = BankIdSession.class.getName() + ".choice";
    /** The customer number whose pending registration the current order is to prove (not a login), if any. */
    static final String PROOF_FOR = BankIdSession.class.getName() + ".proofFor";

    private BankIdSession() {}

    /** A started order. */
    record Order(String orderRef, boolean sameDevice, String endUserIp, Instant startedAt) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** One customer account the identified person may log in as. */
    record Account(String customerNumber, String type, String name) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Identified, with several accounts to choose from. */
    record Choice(List<Account> accounts, String maskedPersonalNumber, Instant identifiedAt) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        Choice {
            accounts = List.copyOf(accounts);
        }
    }
}
