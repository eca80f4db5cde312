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

    /**
     * A started order.
     *
     * @param nonce this-device orders: the value in the order's returnUrl that the BankID app brings back
     * @param returned the nonce has come back to this session (the app is on this customer's device)
     * @param completedAt when this session first saw the order completed without either proof of this device, or null
     */
    record Order(
            String orderRef,
            boolean sameDevice,
            String endUserIp,
            Instant startedAt,
            String nonce,
            boolean returned,
            Instant completedAt)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static Order started(String orderRef, boolean sameDevice, String endUserIp, Instant at, String nonce) {
            return new Order(orderRef, sameDevice, endUserIp, at, nonce, false, null);
        }

        Order withReturn() {
            return new Order(orderRef, sameDevice, endUserIp, startedAt, nonce, true, completedAt);
        }

        Order withCompletedAt(Instant at) {
            return new Order(orderRef, sameDevice, endUserIp, startedAt, nonce, returned, at);
        }

        /** Never the nonce: records print their components. */
        @Override
        public String toString() {
            return "Order[" + orderRef + ", sameDevice=" + sameDevice + ", returned=" + returned + "]";
        }
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
