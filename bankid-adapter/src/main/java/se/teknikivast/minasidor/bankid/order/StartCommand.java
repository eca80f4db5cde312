package se.teknikivast.minasidor.bankid.order;

/**
 * Start an identification.
 *
 * @param desktop for same-device orders: the customer is on a computer (the "searching" text differs)
 */
public record StartCommand(
        String endUserIp, boolean sameDevice, boolean desktop, String userVisibleData, String returnUrl) {}
