package se.teknikivast.minasidor.bankid.order;

/** The order has finished, so there is no QR code to show any more. */
public final class OrderNotPendingException extends RuntimeException {

    public OrderNotPendingException() {
        super("order is no longer pending");
    }
}
