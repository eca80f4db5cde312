package se.teknikivast.minasidor.bankid.order;

/** What the caller needs to reach the BankID app: the order and the autostart links. */
public record StartedIdentification(String orderRef, String autoStartToken, LaunchUrls launchUrls) {

    public record LaunchUrls(String mobile, String desktop) {}
}
