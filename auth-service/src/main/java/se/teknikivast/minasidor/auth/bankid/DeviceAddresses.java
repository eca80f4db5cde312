package se.teknikivast.minasidor.auth.bankid;

import se.teknikivast.minasidor.auth.registration.ClientNetwork;

/**
 * Whether BankID saw the app where auth-service saw the browser, for this-device orders. Compared as the attempt limits
 * count clients ({@link ClientNetwork}): an IPv4 address exactly (also when written as an IPv4-mapped IPv6 address), an
 * IPv6 address by its /64, because a phone or a home line owns its whole /64 and its apps may leave from different
 * (temporary) addresses in it. Literals only, never a name lookup.
 */
final class DeviceAddresses {

    private static final String UNKNOWN = "unknown";

    private DeviceAddresses() {}

    /** True only when both are addresses and they are the same (IPv4) or in the same /64 (IPv6). */
    static boolean same(String endUserIp, String deviceIp) {
        var browser = ClientNetwork.of(endUserIp);
        return !UNKNOWN.equals(browser) && browser.equals(ClientNetwork.of(deviceIp));
    }
}
