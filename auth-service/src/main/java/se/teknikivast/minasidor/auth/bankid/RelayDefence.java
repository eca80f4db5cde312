package se.teknikivast.minasidor.auth.bankid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Against relayed BankID orders (docs/security.md, "The phisher relaying BankID"): a phisher starts "Mobilt BankID på
 * den här enheten" and sends the autostart link to a victim. A this-device order is therefore a login only when the
 * app shows it ran on this customer's device: it brought the order's nonce back to this session through the order's
 * returnUrl, or BankID saw it at the browser's address ({@link DeviceAddresses}). A completed order with neither waits
 * a short while for the app's return, then is refused. High risk in BankID's assessment is refused for every order.
 */
@Component
class RelayDefence {

    /** What to do with a completed order. */
    enum Verdict {
        ACCEPT,
        /** This device, another address, no nonce yet: the app may still bring the customer back. */
        AWAIT_RETURN,
        /** This device, another address, and no nonce within the return timeout: a relayed link. */
        NOT_THIS_DEVICE,
        /** BankID rated the order high risk. */
        HIGH_RISK
    }

    private final SecureRandom random = new SecureRandom();
    private final Duration returnTimeout;

    RelayDefence(BankIdProperties properties) {
        this.returnTimeout = properties.returnTimeout();
    }

    /** 256 random bits, URL-safe. */
    String newNonce() {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The order's returnUrl: the page's own return address, whose fragment carries the nonce. */
    static String returnUrl(String base, String nonce) {
        return base + (base.contains("#") ? "&" : "#") + "nonce=" + nonce;
    }

    /** Whether {@code nonce} is this this-device order's own (compared in constant time). */
    boolean returnedWith(BankIdSession.Order order, String nonce) {
        return order.sameDevice()
                && order.nonce() != null
                && nonce != null
                && MessageDigest.isEqual(
                        order.nonce().getBytes(StandardCharsets.US_ASCII), nonce.getBytes(StandardCharsets.US_ASCII));
    }

    Verdict judge(BankIdSession.Order order, BankIdAdapter.Completion completion, Instant now) {
        if (completion == null) {
            // Nobody identified: the completion step fails it.
            return Verdict.ACCEPT;
        }
        if ("high".equals(completion.risk())) {
            return Verdict.HIGH_RISK;
        }
        if (!order.sameDevice()
                || order.returned()
                || DeviceAddresses.same(order.endUserIp(), completion.deviceIpAddress())) {
            return Verdict.ACCEPT;
        }
        if (order.completedAt() == null || now.isBefore(order.completedAt().plus(returnTimeout))) {
            return Verdict.AWAIT_RETURN;
        }
        return Verdict.NOT_THIS_DEVICE;
    }
}
