package se.teknikivast.minasidor.auth.bankid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.auth.password.RegistrationProofs;

/**
 * The BankID login: starts an order at the adapter, follows it while the browser polls, lets {@link RelayDefence}
 * judge a completed order and hands an accepted one to {@link BankIdCompletions}. The personal number never goes
 * into the session, a response, a URL or a token.
 */
@Component
class BankIdLogins {

    private static final Logger log = LoggerFactory.getLogger(BankIdLogins.class);

    /** What the customer approves in the BankID app (userVisibleData), in Swedish like the app's own texts. */
    static final String LOGIN_TEXT = "Logga in på Mina sidor hos Teknikiväst";

    static final String PROOF_TEXT = "Bekräfta att du registrerar dig för Mina sidor hos Teknikiväst";

    /** What the page shows next; {@code message} is already in the page's language. */
    record Status(String state, String hintCode, String message, String redirect, Boolean qr) {

        static Status of(String state, String hintCode, String message) {
            return new Status(state, hintCode, message, null, null);
        }
    }

    record Start(Status status, String launchUrl) {}

    private final BankIdAdapter adapter;
    private final BankIdAudit audit;
    private final MessageSource messages;
    private final Clock clock;
    private final RelayDefence relay;
    private final BankIdCompletions completions;

    BankIdLogins(
            BankIdAdapter adapter,
            BankIdAudit audit,
            MessageSource messages,
            Clock clock,
            RelayDefence relay,
            BankIdCompletions completions) {
        this.adapter = adapter;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
        this.relay = relay;
        this.completions = completions;
    }

    /**
     * @param proof the order proves the pending registration this session's password page is for (a customer number
     *     from the mailed link), instead of logging in
     */
    Start start(
            HttpServletRequest request,
            boolean sameDevice,
            String device,
            String returnUrl,
            boolean proof,
            Locale locale) {
        var session = request.getSession();
        cancelQuietly(session.getAttribute(BankIdSession.ORDER));
        session.removeAttribute(BankIdSession.ORDER);
        session.removeAttribute(BankIdSession.CHOICE);
        session.removeAttribute(BankIdSession.PROOF_FOR);
        if (proof) {
            var customerNumber = RegistrationProofs.awaiting(session).orElse(null);
            if (customerNumber == null) {
                return new Start(Status.of("failed", null, text("bankid.rfa22", locale)), null);
            }
            session.setAttribute(BankIdSession.PROOF_FOR, customerNumber);
        }
        // With native forwarded-header handling, the remote address is the browser's when the request came through
        // the gateway (a trusted proxy) and the direct peer otherwise: a client cannot choose it.
        var endUserIp = request.getRemoteAddr();
        // This device: the app brings the customer back with a nonce only this session knows (RelayDefence).
        var nonce = sameDevice ? relay.newNonce() : null;
        try {
            var started = adapter.start(
                    endUserIp,
                    sameDevice,
                    device,
                    sameDevice ? RelayDefence.returnUrl(returnUrl, nonce) : null,
                    proof ? PROOF_TEXT : LOGIN_TEXT);
            session.setAttribute(
                    BankIdSession.ORDER,
                    BankIdSession.Order.started(started.orderRef(), sameDevice, endUserIp, clock.instant(), nonce));
            String launchUrl = null;
            if (sameDevice && started.launchUrls() != null) {
                launchUrl = "mobile".equals(device)
                        ? started.launchUrls().mobile()
                        : started.launchUrls().desktop();
            }
            var first = text(sameDevice ? "bankid.rfa13" : "bankid.rfa1", locale);
            return new Start(new Status("pending", "outstandingTransaction", first, null, !sameDevice), launchUrl);
        } catch (BankIdAdapter.UnavailableException | BankIdAdapter.OrderGoneException e) {
            log.warn("BankID start failed: {}", e.getMessage());
            return new Start(unavailable(locale), null);
        }
    }

    record Qr(String qrData, String svg) {}

    /** The current QR payload and image, or null when there is no pending QR order in this session. */
    Qr qr(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null
                || !(session.getAttribute(BankIdSession.ORDER) instanceof BankIdSession.Order order)
                || order.sameDevice()) {
            return null;
        }
        try {
            var qrData = adapter.qrData(order.orderRef());
            return qrData == null ? null : new Qr(qrData, adapter.qrSvg(order.orderRef()));
        } catch (BankIdAdapter.OrderGoneException | BankIdAdapter.UnavailableException e) {
            return null;
        }
    }

    /**
     * @param nonce what the page found in its address when the BankID app brought the customer back (returnUrl), or
     *     null
     */
    Status status(HttpServletRequest request, HttpServletResponse response, Locale locale, String nonce) {
        var session = request.getSession(false);
        if (session == null) {
            return Status.of("none", null, null);
        }
        if (session.getAttribute(BankIdSession.CHOICE) instanceof BankIdSession.Choice) {
            return new Status("choose", null, null, request.getContextPath() + "/bankid/valj", null);
        }
        if (!(session.getAttribute(BankIdSession.ORDER) instanceof BankIdSession.Order order)) {
            return Status.of("none", null, null);
        }
        if (nonce != null && !order.returned()) {
            if (relay.returnedWith(order, nonce)) {
                order = order.withReturn();
                session.setAttribute(BankIdSession.ORDER, order);
            } else {
                log.info("BankID return with a nonce that is not this session's order's");
            }
        }
        BankIdAdapter.Collect collect;
        try {
            collect = adapter.collect(order.orderRef());
        } catch (BankIdAdapter.OrderGoneException e) {
            session.removeAttribute(BankIdSession.ORDER);
            audit.login("failed");
            return Status.of("failed", null, text("bankid.rfa22", locale));
        } catch (BankIdAdapter.UnavailableException e) {
            log.warn("BankID collect failed: {}", e.getMessage());
            session.removeAttribute(BankIdSession.ORDER);
            return unavailable(locale);
        }
        return switch (collect.status()) {
            case "pending" -> {
                var showQr = !order.sameDevice()
                        && ("outstandingTransaction".equals(collect.hintCode())
                                || "noClient".equals(collect.hintCode()));
                yield new Status("pending", collect.hintCode(), message(collect.message(), locale), null, showQr);
            }
            case "complete" -> {
                var verdict = relay.judge(order, collect.completion(), clock.instant());
                if (verdict == RelayDefence.Verdict.AWAIT_RETURN) {
                    if (order.completedAt() == null) {
                        session.setAttribute(BankIdSession.ORDER, order.withCompletedAt(clock.instant()));
                    }
                    yield new Status("pending", "awaitingReturn", text("bankid.awaiting-return", locale), null, false);
                }
                session.removeAttribute(BankIdSession.ORDER);
                yield switch (verdict) {
                    case ACCEPT -> completions.complete(request, response, order, collect.completion(), locale);
                    case HIGH_RISK -> refused("high-risk", "highRisk", "bankid.high-risk", locale);
                    default -> refused("not-this-device", "notThisDevice", "bankid.not-this-device", locale);
                };
            }
            default -> {
                session.removeAttribute(BankIdSession.ORDER);
                audit.bankIdOutcome(BankIdAudit.hintOutcome(collect.hintCode()));
                audit.login("userCancel".equals(collect.hintCode()) ? "cancelled" : "failed");
                yield Status.of("failed", collect.hintCode(), message(collect.message(), locale));
            }
        };
    }

    void cancel(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null) {
            return;
        }
        var order = session.getAttribute(BankIdSession.ORDER);
        session.removeAttribute(BankIdSession.ORDER);
        session.removeAttribute(BankIdSession.CHOICE);
        if (order instanceof BankIdSession.Order) {
            audit.bankIdOutcome("cancelled-by-user");
            audit.login("cancelled");
        }
        cancelQuietly(order);
    }

    /** Completed at BankID, but not a login here: the customer is told why and offered the QR code. */
    private Status refused(String reason, String hintCode, String message, Locale locale) {
        audit.refused(reason);
        return Status.of("failed", hintCode, text(message, locale));
    }

    private Status unavailable(Locale locale) {
        audit.login("unavailable");
        audit.bankIdOutcome("unavailable");
        return Status.of("unavailable", null, text("bankid.unavailable", locale));
    }

    private void cancelQuietly(Object order) {
        if (order instanceof BankIdSession.Order pending) {
            try {
                adapter.cancel(pending.orderRef());
            } catch (RuntimeException e) {
                log.debug("Cancelling a BankID order failed: {}", e.getMessage());
            }
        }
    }

    private String message(BankIdAdapter.Message message, Locale locale) {
        if (message == null) {
            return text("bankid.rfa22", locale);
        }
        return "en".equals(locale.getLanguage()) ? message.en() : message.sv();
    }

    private String text(String code, Locale locale) {
        return messages.getMessage(code, null, locale);
    }
}
