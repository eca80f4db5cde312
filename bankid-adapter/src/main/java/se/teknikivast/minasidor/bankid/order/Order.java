package se.teknikivast.minasidor.bankid.order;

import java.time.Instant;
import se.teknikivast.minasidor.bankid.message.Launch;

/**
 * One BankID order as this adapter remembers it (in Redis, so any instance can serve it). The qrStartSecret is
 * kept here and nowhere else.
 */
record Order(
        String orderRef,
        Launch launch,
        String endUserIp,
        String qrStartToken,
        String qrStartSecret,
        Instant startedAt,
        Collected lastCollect) {

    /** BankID's latest answer, and when we got it. */
    record Collected(Instant at, String status, String hintCode, Completion completion) {

        boolean isFinal() {
            return "complete".equals(status) || "failed".equals(status);
        }
    }

    Order withCollected(Collected collected) {
        return new Order(orderRef, launch, endUserIp, qrStartToken, qrStartSecret, startedAt, collected);
    }
}
