package se.teknikivast.minasidor.bankid.message;

/** How the BankID app was meant to be reached for an order: the RFA texts differ by it. */
public enum Launch {
    /** Another device: the customer scans the animated QR code. */
    QR_CODE,
    /** This device, a phone or tablet: the app is opened with the autostart link. */
    AUTOSTART_MOBILE,
    /** This device, a computer: the BankID program is opened with the autostart link. */
    AUTOSTART_DESKTOP,
    /** Customer service identifies a caller (/phone/auth). */
    PHONE;

    boolean autostart() {
        return this == AUTOSTART_MOBILE || this == AUTOSTART_DESKTOP;
    }
}
