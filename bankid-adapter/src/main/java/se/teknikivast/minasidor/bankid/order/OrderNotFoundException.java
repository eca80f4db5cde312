package se.teknikivast.minasidor.bankid.order;

/** No such order here (never started, cancelled, or forgotten after its time). */
public final class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException() {
        super("order not found");
    }
}
