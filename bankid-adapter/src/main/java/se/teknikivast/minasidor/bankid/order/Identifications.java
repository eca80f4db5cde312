package se.teknikivast.minasidor.bankid.order;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.teknikivast.minasidor.bankid.message.Launch;
import se.teknikivast.minasidor.bankid.message.UserMessages;
import se.teknikivast.minasidor.bankid.order.Order.Collected;
import se.teknikivast.minasidor.bankid.qr.QrCodes;
import se.teknikivast.minasidor.bankid.rp.RpClient;
import se.teknikivast.minasidor.bankid.rp.RpError;
import se.teknikivast.minasidor.bankid.rp.RpException;
import se.teknikivast.minasidor.bankid.rp.RpMessages.AuthRequest;
import se.teknikivast.minasidor.bankid.rp.RpMessages.CollectResponse;
import se.teknikivast.minasidor.bankid.rp.RpMessages.PhoneAuthRequest;
import se.teknikivast.minasidor.bankid.rp.RpMessages.Requirement;
import se.teknikivast.minasidor.identity.Masking;

/**
 * Identification orders: start, animated QR, collect (at most one BankID call per order per interval, across all
 * instances), cancel. Personal numbers are only ever logged masked.
 */
public final class Identifications {

    private static final Logger log = LoggerFactory.getLogger(Identifications.class);

    /**
     * The highest risk BankID may let an identification through with: its {@code high} (a likely relayed or
     * fraudulent order) is blocked by BankID as {@code transactionRiskBlocked}.
     */
    static final String RISK_LIMIT = "moderate";

    private final RpClient rp;
    private final Orders orders;
    private final QrCodes qrCodes;
    private final Clock clock;
    private final OrderProperties properties;
    private final IdentificationMetrics metrics;

    Identifications(
            RpClient rp,
            Orders orders,
            QrCodes qrCodes,
            Clock clock,
            OrderProperties properties,
            IdentificationMetrics metrics) {
        this.rp = rp;
        this.orders = orders;
        this.qrCodes = qrCodes;
        this.clock = clock;
        this.properties = properties;
        this.metrics = metrics;
    }

    public StartedIdentification start(StartCommand command) {
        var launch = !command.sameDevice()
                ? Launch.QR_CODE
                : command.desktop() ? Launch.AUTOSTART_DESKTOP : Launch.AUTOSTART_MOBILE;
        var request = new AuthRequest(
                command.endUserIp(),
                new Requirement(rp.certificatePolicies(), null, null, RISK_LIMIT),
                encode(command.userVisibleData()),
                null,
                // returnUrl only makes sense when the app runs on the customer's own device.
                command.sameDevice() ? command.returnUrl() : null,
                true);
        var response = rp.auth(request);
        // qrTime counts from when the start response arrived.
        orders.create(new Order(
                response.orderRef(),
                launch,
                command.endUserIp(),
                response.qrStartToken(),
                response.qrStartSecret(),
                clock.instant(),
                null));
        metrics.started(launch);
        log.info("Started BankID identification {} ({})", response.orderRef(), launch);
        var token = response.autoStartToken();
        // Never the returnUrl in the links: whoever starts an order sees them, and the returnUrl's nonce must only
        // reach the browser through the app. The order's returnUrl tells the app where to return instead.
        return new StartedIdentification(
                response.orderRef(),
                token,
                new StartedIdentification.LaunchUrls(
                        "https://app.bankid.com/?autostarttoken=" + token + "&redirect=null",
                        "bankid:///?autostarttoken=" + token + "&redirect=null"));
    }

    /** Customer service identifies a caller: BankID pushes the order to the app of that personal number. */
    public String startPhone(String personalNumber, boolean callerInitiated, String userVisibleData) {
        var response = rp.phoneAuth(new PhoneAuthRequest(
                personalNumber,
                callerInitiated ? "user" : "RP",
                new Requirement(rp.certificatePolicies(), null, null, null),
                encode(userVisibleData)));
        orders.create(new Order(response.orderRef(), Launch.PHONE, null, null, null, clock.instant(), null));
        metrics.started(Launch.PHONE);
        log.info("Started BankID phone identification {} for {}", response.orderRef(), mask(personalNumber));
        return response.orderRef();
    }

    public String qrData(String orderRef) {
        var order = orders.find(orderRef).orElseThrow(OrderNotFoundException::new);
        if (order.qrStartToken() == null
                || (order.lastCollect() != null && order.lastCollect().isFinal())) {
            throw new OrderNotPendingException();
        }
        return qrCodes.current(order.qrStartToken(), order.qrStartSecret(), order.startedAt());
    }

    public CollectResult collect(String orderRef) {
        long began = System.nanoTime();
        boolean askedBankId = false;
        try {
            // One Redis round trip decides: the cached answer is fresh, another instance is asking BankID now
            // (its answer is at most one interval behind), or we ask.
            var claim = orders.claimCollect(
                            orderRef,
                            clock.instant(),
                            properties.collectInterval().plusSeconds(10))
                    .orElseThrow(OrderNotFoundException::new);
            var order = claim.order();
            if (claim.access() != Orders.Access.CLAIMED) {
                return result(order, order.lastCollect());
            }
            boolean released = false;
            try {
                askedBankId = true;
                var collected = ask(orderRef);
                // Stores the answer and releases the lease in one step.
                boolean stored = orders.saveCollected(order.withCollected(collected), properties.collectInterval());
                released = true;
                if (!stored) {
                    // Cancelled while we asked: the order is gone for our caller too.
                    throw new OrderNotFoundException();
                }
                record(order, collected);
                return result(order, collected);
            } finally {
                if (!released) {
                    orders.releaseCollect(orderRef);
                }
            }
        } finally {
            metrics.collected(askedBankId, System.nanoTime() - began);
        }
    }

    public void cancel(String orderRef) {
        var order = orders.find(orderRef).orElseThrow(OrderNotFoundException::new);
        if (order.lastCollect() == null || !order.lastCollect().isFinal()) {
            try {
                rp.cancel(orderRef);
            } catch (RpException e) {
                // Already finished or forgotten at BankID: cancelling is idempotent for our caller.
                if (e.error() != RpError.INVALID_PARAMETERS) {
                    throw e;
                }
            }
        }
        orders.delete(orderRef);
        log.info("Cancelled BankID order {}", orderRef);
    }

    private Collected ask(String orderRef) {
        CollectResponse response;
        try {
            response = rp.collect(orderRef);
        } catch (RpException e) {
            if (e.error() == RpError.INVALID_PARAMETERS) {
                // BankID no longer knows the order (cancelled elsewhere, or collected too late).
                orders.delete(orderRef);
                throw new OrderNotFoundException();
            }
            throw e;
        }
        Completion completion = null;
        if ("complete".equals(response.status()) && response.completionData() != null) {
            var data = response.completionData();
            var user = data.user();
            var deviceIp = data.device() != null ? data.device().ipAddress() : null;
            completion = new Completion(
                    user != null ? user.personalNumber() : null,
                    user != null ? user.name() : null,
                    user != null ? user.givenName() : null,
                    user != null ? user.surname() : null,
                    deviceIp,
                    data.bankIdIssueDate(),
                    null,
                    data.risk());
        }
        return new Collected(clock.instant(), response.status(), response.hintCode(), completion);
    }

    private void record(Order order, Collected collected) {
        if (collected.isFinal()) {
            metrics.finished(collected.status(), Duration.between(order.startedAt(), collected.at()));
        }
        switch (collected.status()) {
            case "complete" -> {
                metrics.completed();
                log.info(
                        "BankID order {} complete for {}",
                        order.orderRef(),
                        mask(
                                collected.completion() != null
                                        ? collected.completion().personalNumber()
                                        : null));
            }
            case "failed" -> {
                metrics.failed(collected.hintCode());
                log.info("BankID order {} failed: {}", order.orderRef(), collected.hintCode());
            }
            default -> {}
        }
    }

    private CollectResult result(Order order, Collected collected) {
        if (collected == null) {
            // Nobody has asked BankID yet and another instance is asking now: the order has just started.
            collected = new Collected(order.startedAt(), "pending", "outstandingTransaction", null);
        }
        var completion = collected.completion();
        if (completion != null) {
            completion = new Completion(
                    completion.personalNumber(),
                    completion.name(),
                    completion.givenName(),
                    completion.surname(),
                    completion.deviceIpAddress(),
                    completion.bankIdIssueDate(),
                    ipMatches(order, completion.deviceIpAddress()),
                    completion.risk());
        }
        return new CollectResult(
                order.orderRef(),
                collected.status(),
                collected.hintCode(),
                UserMessages.forCollect(collected.status(), collected.hintCode(), order.launch()),
                completion);
    }

    /** Same device: the app should be where the browser is. Another device (QR, phone): not comparable. */
    private static Boolean ipMatches(Order order, String deviceIp) {
        if (order.launch() != Launch.AUTOSTART_MOBILE && order.launch() != Launch.AUTOSTART_DESKTOP) {
            return null;
        }
        if (order.endUserIp() == null || deviceIp == null) {
            return false;
        }
        try {
            return InetAddress.ofLiteral(order.endUserIp()).equals(InetAddress.ofLiteral(deviceIp));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String encode(String text) {
        return text == null || text.isBlank()
                ? null
                : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String mask(String personalNumber) {
        return Masking.identityNumber(personalNumber);
    }
}
