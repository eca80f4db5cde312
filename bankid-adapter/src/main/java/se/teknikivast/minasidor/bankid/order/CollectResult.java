package se.teknikivast.minasidor.bankid.order;

import se.teknikivast.minasidor.bankid.message.RfaMessage;

/** An order's status for the caller: never the qrStartSecret; completion only when complete. */
public record CollectResult(
        String orderRef, String status, String hintCode, RfaMessage message, Completion completion) {}
