package se.teknikivast.minasidor.bankid.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.bankid.qr.QrCodes;

/**
 * The card holders' BankID apps (the "virtual phone"): an app opens an order by scanning its animated QR code or by
 * its autostart token, and the holder approves or cancels; each persona's script decides what BankID answers. The
 * tester page may also fail an order with any hint code. A refused action is a {@link PhoneRefusal}.
 */
@Component
@Profile("simulator")
class HolderApps {

    private final OrderBook book;

    HolderApps(OrderBook book) {
        this.book = book;
    }

    /** The virtual phone scans an animated QR code: token, HMAC and age are checked like the real app does. */
    OrderView scan(String qrData, String personalNumber) {
        var persona = persona(personalNumber);
        var scanned = QrCodes.Scanned.parse(qrData);
        if (scanned == null) {
            throw new PhoneRefusal("invalidQrCode", "Det här är ingen BankID-QR-kod.");
        }
        var order = book.byQrStartToken(scanned.qrStartToken());
        if (order == null) {
            throw new PhoneRefusal("invalidQrCode", "QR-koden hör inte till någon order.");
        }
        return asPerson(persona, order, now -> {
            var expected = QrCodes.authCode(order.qrStartSecret, scanned.qrTime());
            if (!MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII),
                    scanned.qrAuthCode().getBytes(StandardCharsets.US_ASCII))) {
                throw new PhoneRefusal("invalidQrCode", "QR-koden är förfalskad eller felaktigt avläst.");
            }
            long elapsed = Duration.between(order.createdAt, now).toSeconds();
            if (scanned.qrTime() > elapsed + 1) {
                throw new PhoneRefusal("invalidQrCode", "QR-koden är från framtiden.");
            }
            if (elapsed - scanned.qrTime() > book.properties().qrMaxAge().toSeconds()) {
                throw new PhoneRefusal("staleQrCode", "QR-koden är för gammal. Läs av den QR-kod som visas nu.");
            }
            open(order, persona, "qr", persona.deviceIp(), now);
            return true;
        });
    }

    /** The app is opened on the same device with the order's autoStartToken. */
    OrderView autostart(String autoStartToken, String personalNumber) {
        return autostart(autoStartToken, personalNumber, null);
    }

    /**
     * The app is opened with the order's autoStartToken on a device BankID sees at {@code deviceIp}; null: the
     * browser's address (the same device). Another address plays a relayed link: the victim's phone opening the
     * link a phisher sent.
     */
    OrderView autostart(String autoStartToken, String personalNumber, String deviceIp) {
        var persona = persona(personalNumber);
        var order = book.byAutoStartToken(autoStartToken);
        if (order == null) {
            throw new PhoneRefusal("unknownAutoStartToken", "Ingen order för den autostarttoken.");
        }
        return asPerson(persona, order, now -> {
            // Same device: BankID sees the app at the browser's address, unless told otherwise.
            open(order, persona, "autostart", deviceIp != null ? deviceIp : order.endUserIp, now);
            return true;
        });
    }

    /** The tester page's shortcut: open the order as a persona (if not yet opened) and approve it. */
    OrderView identify(String orderRef, String personalNumber) {
        var persona = persona(personalNumber);
        var order = existing(orderRef);
        return asPerson(persona, order, now -> {
            boolean opened = false;
            if (order.persona == null) {
                open(order, persona, "tester", persona.deviceIp(), now);
                opened = true;
            } else if (!order.persona.personalNumber().equals(persona.personalNumber())) {
                throw new PhoneRefusal("orderAlreadyOpened", "Ordern är redan öppnad av någon annan.");
            }
            approveLocked(order, now);
            return opened;
        });
    }

    /** The holder enters the security code and presses Identifiera: the persona's script decides the outcome. */
    OrderView approve(String orderRef) {
        var order = existing(orderRef);
        synchronized (order) {
            refuseIfRemoved(order);
            if (order.persona == null) {
                throw new PhoneRefusal("orderNotOpened", "Ingen app har öppnat ordern än.");
            }
            approveLocked(order, book.now());
            return order.view();
        }
    }

    OrderView userCancel(String orderRef) {
        return fail(orderRef, "userCancel");
    }

    /** The tester fails an order with any hint code (certificateErr, startFailed, …). */
    OrderView fail(String orderRef, String hintCode) {
        var order = existing(orderRef);
        synchronized (order) {
            refuseIfRemoved(order);
            var now = book.now();
            pendingOrRefuse(order, now);
            order.finish(OrderStatus.FAILED, hintCode, now);
            return order.view();
        }
    }

    /** Sets a pending hint code, including ones this adapter does not know (BankID adds codes). */
    OrderView hint(String orderRef, String hintCode) {
        var order = existing(orderRef);
        synchronized (order) {
            refuseIfRemoved(order);
            pendingOrRefuse(order, book.now());
            order.hintCode = hintCode;
            return order.view();
        }
    }

    /**
     * Runs {@code step} on the order (under its monitor) as the persona, holding the persona's lock; if the step
     * opened the order, the persona's other pending orders are then cancelled, as BankID does.
     */
    private OrderView asPerson(Persona persona, SimulatedOrder order, OrderStep step) {
        var lock = book.personLock(persona.personalNumber());
        lock.lock();
        try {
            var now = book.now();
            OrderView view;
            boolean opened;
            synchronized (order) {
                refuseIfRemoved(order);
                opened = step.apply(now);
                view = order.view();
            }
            if (opened) {
                book.cancelOtherOrders(persona, order, now);
            }
            return view;
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface OrderStep {
        /** @return whether the order was opened by the persona just now */
        boolean apply(Instant now);
    }

    /** Called holding the order's monitor: binds the order to the persona's app (the caller cancels the others). */
    private void open(SimulatedOrder order, Persona persona, String how, String deviceIp, Instant now) {
        pendingOrRefuse(order, now);
        if (order.persona != null) {
            throw new PhoneRefusal("orderAlreadyOpened", "Ordern är redan öppnad i en app.");
        }
        if (order.requiredPersonalNumber != null && !order.requiredPersonalNumber.equals(persona.personalNumber())) {
            throw new PhoneRefusal("personalNumberMismatch", "Ordern gäller någon annan.");
        }
        order.persona = persona;
        order.openedBy = how;
        order.deviceIp = deviceIp;
        order.openedAt = now;
        switch (persona.outcome()) {
            case CERTIFICATE_ERR -> order.finish(OrderStatus.FAILED, "certificateErr", now);
            case START_FAILED -> order.finish(OrderStatus.FAILED, "startFailed", now);
            default ->
                order.hintCode = order.phone ? "userCallConfirm" : "autostart".equals(how) ? "started" : "userSign";
        }
    }

    private void approveLocked(SimulatedOrder order, Instant now) {
        pendingOrRefuse(order, now);
        switch (order.persona.outcome()) {
            case COMPLETE -> {
                if (order.riskBlocked()) {
                    order.finish(OrderStatus.FAILED, "transactionRiskBlocked", now);
                } else {
                    order.finish(OrderStatus.COMPLETE, null, now);
                }
            }
            case USER_CANCEL -> order.finish(OrderStatus.FAILED, "userCancel", now);
            case EXPIRY -> order.hintCode = "userSign"; // walks away: expiredTransaction when the order times out
            case CERTIFICATE_ERR, START_FAILED -> {} // already failed when opened
        }
    }

    private void pendingOrRefuse(SimulatedOrder order, Instant now) {
        order.advance(now, book.properties());
        if (!order.pending()) {
            throw new PhoneRefusal("orderNotPending", "Ordern är redan avslutad (" + order.hintCode + ").");
        }
    }

    /** Called holding the order's monitor: it may have been forgotten since it was looked up. */
    private static void refuseIfRemoved(SimulatedOrder order) {
        if (order.removed) {
            throw new PhoneRefusal("unknownOrder", "Ingen sådan order.");
        }
    }

    private SimulatedOrder existing(String orderRef) {
        var order = book.find(orderRef);
        if (order == null) {
            throw new PhoneRefusal("unknownOrder", "Ingen sådan order.");
        }
        return order;
    }

    private static Persona persona(String personalNumber) {
        return Personas.find(personalNumber)
                .orElseThrow(() -> new PhoneRefusal("invalidPersonalNumber", "Ogiltigt personnummer."));
    }
}
