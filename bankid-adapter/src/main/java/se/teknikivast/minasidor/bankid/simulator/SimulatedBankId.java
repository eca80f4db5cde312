package se.teknikivast.minasidor.bankid.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.bankid.qr.QrCodes;

/**
 * BankID's side of the RP API, in memory. Every operation holds the simulator's lock, so operations that touch
 * several orders (a new order cancelling the old one) cannot deadlock; each takes microseconds. It has orders with BankID's timing on the injected clock, the holders' apps
 * (the "virtual phone"), and injected faults. One simulator serves any number of adapter instances.
 */
@Component
@Profile("simulator")
class SimulatedBankId {

    static final String PENDING = "pending";
    static final String COMPLETE = "complete";
    static final String FAILED = "failed";

    private final Clock clock;
    private final SimulatorProperties properties;
    private final Map<String, SimOrder> orders = new ConcurrentHashMap<>();
    private volatile Faults faults = Faults.NONE;

    SimulatedBankId(Clock clock, SimulatorProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    // ---- RP API -------------------------------------------------------------------------------------------------

    record Started(String orderRef, String autoStartToken, String qrStartToken, String qrStartSecret) {}

    synchronized Started auth(
            String endUserIp, List<String> policies, String requiredPersonalNumber, String visibleText) {
        if (requiredPersonalNumber != null) {
            refuseIfInProgress(requiredPersonalNumber);
        }
        var order = new SimOrder(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                endUserIp,
                clock.instant(),
                policies,
                requiredPersonalNumber,
                false,
                visibleText);
        orders.put(order.orderRef, order);
        return new Started(order.orderRef, order.autoStartToken, order.qrStartToken, order.qrStartSecret);
    }

    synchronized String phoneAuth(String personalNumber, List<String> policies, String visibleText) {
        refuseIfInProgress(personalNumber);
        var order = new SimOrder(
                UUID.randomUUID().toString(),
                null,
                null,
                null,
                null,
                clock.instant(),
                policies,
                personalNumber,
                true,
                visibleText);
        orders.put(order.orderRef, order);
        return order.orderRef;
    }

    /** A snapshot of an order as /collect reports it; empty when BankID no longer knows the order. */
    synchronized Optional<View> collect(String orderRef) {
        var order = orders.get(orderRef);
        if (order == null) {
            return Optional.empty();
        }
        var now = clock.instant();
        synchronized (order) {
            order.advance(now, properties);
            if (order.forgotten(now, properties)) {
                orders.remove(orderRef);
                return Optional.empty();
            }
            return Optional.of(order.view());
        }
    }

    /** RP cancel: only a pending order can be cancelled, and then BankID forgets it. */
    synchronized boolean cancel(String orderRef) {
        var order = orders.get(orderRef);
        if (order == null) {
            return false;
        }
        synchronized (order) {
            order.advance(clock.instant(), properties);
            if (!PENDING.equals(order.status)) {
                return false;
            }
            orders.remove(orderRef);
            return true;
        }
    }

    private void refuseIfInProgress(String personalNumber) {
        var now = clock.instant();
        for (var order : orders.values()) {
            synchronized (order) {
                order.advance(now, properties);
                if (PENDING.equals(order.status) && personalNumber.equals(order.boundPersonalNumber())) {
                    throw new AlreadyInProgress();
                }
            }
        }
    }

    static final class AlreadyInProgress extends RuntimeException {
        AlreadyInProgress() {
            super("Order already in progress for pno");
        }
    }

    // ---- the holders' apps ----------------------------------------------------------------------------------------

    /** The virtual phone scans an animated QR code: token, HMAC and age are checked like the real app does. */
    synchronized View scan(String qrData, String personalNumber) {
        var persona = persona(personalNumber);
        var scanned = QrCodes.Scanned.parse(qrData);
        if (scanned == null) {
            throw new PhoneRefusal("invalidQrCode", "Det här är ingen BankID-QR-kod.");
        }
        var order = orders.values().stream()
                .filter(o -> scanned.qrStartToken().equals(o.qrStartToken))
                .findFirst()
                .orElseThrow(() -> new PhoneRefusal("invalidQrCode", "QR-koden hör inte till någon order."));
        var now = clock.instant();
        synchronized (order) {
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
            if (elapsed - scanned.qrTime() > properties.qrMaxAge().toSeconds()) {
                throw new PhoneRefusal("staleQrCode", "QR-koden är för gammal. Läs av den QR-kod som visas nu.");
            }
            open(order, persona, "qr", persona.deviceIp(), now);
            return order.view();
        }
    }

    /** The app is opened on the same device with the order's autoStartToken. */
    synchronized View autostart(String autoStartToken, String personalNumber) {
        var persona = persona(personalNumber);
        var order = orders.values().stream()
                .filter(o -> autoStartToken != null && autoStartToken.equals(o.autoStartToken))
                .findFirst()
                .orElseThrow(() -> new PhoneRefusal("unknownAutoStartToken", "Ingen order för den autostarttoken."));
        var now = clock.instant();
        synchronized (order) {
            // Same device: BankID sees the app at the browser's address.
            open(order, persona, "autostart", order.endUserIp, now);
            return order.view();
        }
    }

    /** The tester page's shortcut: open the order as a persona (if not yet opened) and approve it. */
    synchronized View identify(String orderRef, String personalNumber) {
        var persona = persona(personalNumber);
        var order = existing(orderRef);
        var now = clock.instant();
        synchronized (order) {
            if (order.persona == null) {
                open(order, persona, "tester", persona.deviceIp(), now);
            } else if (!order.persona.personalNumber().equals(persona.personalNumber())) {
                throw new PhoneRefusal("orderAlreadyOpened", "Ordern är redan öppnad av någon annan.");
            }
            approveLocked(order, now);
            return order.view();
        }
    }

    /** The holder enters the security code and presses Identifiera: the persona's script decides the outcome. */
    synchronized View approve(String orderRef) {
        var order = existing(orderRef);
        synchronized (order) {
            if (order.persona == null) {
                throw new PhoneRefusal("orderNotOpened", "Ingen app har öppnat ordern än.");
            }
            approveLocked(order, clock.instant());
            return order.view();
        }
    }

    View userCancel(String orderRef) {
        return fail(orderRef, "userCancel");
    }

    /** The tester fails an order with any hint code (certificateErr, startFailed, …). */
    synchronized View fail(String orderRef, String hintCode) {
        var order = existing(orderRef);
        var now = clock.instant();
        synchronized (order) {
            pendingOrRefuse(order, now);
            order.finish(FAILED, hintCode, now);
            return order.view();
        }
    }

    /** Sets a pending hint code, including ones this adapter does not know (BankID adds codes). */
    synchronized View hint(String orderRef, String hintCode) {
        var order = existing(orderRef);
        var now = clock.instant();
        synchronized (order) {
            pendingOrRefuse(order, now);
            order.hintCode = hintCode;
            return order.view();
        }
    }

    synchronized List<View> orders() {
        var now = clock.instant();
        orders.values().removeIf(order -> {
            synchronized (order) {
                order.advance(now, properties);
                return order.forgotten(now, properties);
            }
        });
        return orders.values().stream()
                .map(order -> {
                    synchronized (order) {
                        return order.view();
                    }
                })
                .sorted(Comparator.comparing(View::createdAt).reversed())
                .toList();
    }

    private void open(SimOrder order, Persona persona, String how, String deviceIp, Instant now) {
        pendingOrRefuse(order, now);
        if (order.persona != null) {
            throw new PhoneRefusal("orderAlreadyOpened", "Ordern är redan öppnad i en app.");
        }
        if (order.requiredPersonalNumber != null && !order.requiredPersonalNumber.equals(persona.personalNumber())) {
            throw new PhoneRefusal("personalNumberMismatch", "Ordern gäller någon annan.");
        }
        // A new order for the same person cancels the old one.
        for (var other : orders.values()) {
            if (other != order) {
                synchronized (other) {
                    if (PENDING.equals(other.status) && persona.personalNumber().equals(other.boundPersonalNumber())) {
                        other.finish(FAILED, "cancelled", now);
                    }
                }
            }
        }
        order.persona = persona;
        order.openedBy = how;
        order.deviceIp = deviceIp;
        order.openedAt = now;
        switch (persona.outcome()) {
            case CERTIFICATE_ERR -> order.finish(FAILED, "certificateErr", now);
            case START_FAILED -> order.finish(FAILED, "startFailed", now);
            default ->
                order.hintCode = order.phone ? "userCallConfirm" : "autostart".equals(how) ? "started" : "userSign";
        }
    }

    private void approveLocked(SimOrder order, Instant now) {
        pendingOrRefuse(order, now);
        switch (order.persona.outcome()) {
            case COMPLETE -> order.finish(COMPLETE, null, now);
            case USER_CANCEL -> order.finish(FAILED, "userCancel", now);
            case RISK_BLOCKED -> order.finish(FAILED, "transactionRiskBlocked", now);
            case EXPIRY -> order.hintCode = "userSign"; // walks away: expiredTransaction when the order times out
            case CERTIFICATE_ERR, START_FAILED -> {} // already failed when opened
        }
    }

    private void pendingOrRefuse(SimOrder order, Instant now) {
        order.advance(now, properties);
        if (!PENDING.equals(order.status)) {
            throw new PhoneRefusal("orderNotPending", "Ordern är redan avslutad (" + order.hintCode + ").");
        }
    }

    private SimOrder existing(String orderRef) {
        var order = orderRef == null ? null : orders.get(orderRef);
        if (order == null) {
            throw new PhoneRefusal("unknownOrder", "Ingen sådan order.");
        }
        return order;
    }

    private static Persona persona(String personalNumber) {
        return Personas.find(personalNumber)
                .orElseThrow(() -> new PhoneRefusal("invalidPersonalNumber", "Ogiltigt personnummer."));
    }

    // ---- faults ----------------------------------------------------------------------------------------------------

    /**
     * Injected failures for the RP API: an error code ({@code maintenance}, {@code internalError},
     * {@code requestTimeout}) and/or a delay before answering, for the next {@code remaining} calls (−1: until reset).
     */
    record Faults(String mode, long delayMillis, int remaining) {
        static final Faults NONE = new Faults("none", 0, -1);
    }

    Faults faults() {
        return faults;
    }

    void inject(Faults faults) {
        this.faults = faults;
        this.remainingFaults.set(faults.remaining());
    }

    private final AtomicInteger remainingFaults = new AtomicInteger(-1);

    /** The fault to apply to this RP call, if any; counts down limited faults. */
    Faults nextFault() {
        var current = faults;
        if ("none".equals(current.mode()) && current.delayMillis() == 0) {
            return Faults.NONE;
        }
        if (current.remaining() < 0) {
            return current;
        }
        if (remainingFaults.getAndDecrement() > 0) {
            return current;
        }
        faults = Faults.NONE;
        return Faults.NONE;
    }

    // ---- state -----------------------------------------------------------------------------------------------------

    /** What the RP API and the tester page may see of an order (never the secret). */
    record View(
            String orderRef,
            Instant createdAt,
            String status,
            String hintCode,
            boolean phone,
            String openedBy,
            String personalNumber,
            String name,
            String givenName,
            String surname,
            String deviceIp,
            String bankIdIssueDate,
            List<String> certificatePolicies,
            String visibleText) {}

    private static final class SimOrder {
        final String orderRef;
        final String autoStartToken;
        final String qrStartToken;
        final String qrStartSecret;
        final String endUserIp;
        final Instant createdAt;
        final List<String> certificatePolicies;
        final String requiredPersonalNumber;
        final boolean phone;
        final String visibleText;
        String status = PENDING;
        String hintCode = "outstandingTransaction";
        Persona persona;
        String openedBy;
        String deviceIp;
        Instant openedAt;
        Instant finishedAt;

        SimOrder(
                String orderRef,
                String autoStartToken,
                String qrStartToken,
                String qrStartSecret,
                String endUserIp,
                Instant createdAt,
                List<String> certificatePolicies,
                String requiredPersonalNumber,
                boolean phone,
                String visibleText) {
            this.orderRef = orderRef;
            this.autoStartToken = autoStartToken;
            this.qrStartToken = qrStartToken;
            this.qrStartSecret = qrStartSecret;
            this.endUserIp = endUserIp;
            this.createdAt = createdAt;
            this.certificatePolicies = certificatePolicies == null ? List.of() : List.copyOf(certificatePolicies);
            this.requiredPersonalNumber = requiredPersonalNumber;
            this.phone = phone;
            this.visibleText = visibleText;
            if (phone) {
                // A phone order is pushed to the holder's app at once.
                this.persona = Personas.find(requiredPersonalNumber).orElseThrow();
            }
        }

        String boundPersonalNumber() {
            return persona != null ? persona.personalNumber() : requiredPersonalNumber;
        }

        /** BankID's clock: no app within the start window → startFailed; order lifetime over → expiredTransaction. */
        void advance(Instant now, SimulatorProperties properties) {
            if (!PENDING.equals(status)) {
                return;
            }
            var startDeadline = createdAt.plus(properties.startWindow());
            var lifetimeEnd = createdAt.plus(properties.orderLifetime());
            if (openedAt == null && !phone && !now.isBefore(startDeadline)) {
                finish(FAILED, "startFailed", startDeadline);
            } else if (!now.isBefore(lifetimeEnd)) {
                finish(FAILED, "expiredTransaction", lifetimeEnd);
            }
        }

        /** Completed orders can be collected for 3 minutes, failed ones for 5; then BankID forgets them. */
        boolean forgotten(Instant now, SimulatorProperties properties) {
            return switch (status) {
                case COMPLETE -> !now.isBefore(finishedAt.plus(properties.completedRetention()));
                case FAILED -> !now.isBefore(finishedAt.plus(properties.failedRetention()));
                default -> false;
            };
        }

        void finish(String newStatus, String newHint, Instant at) {
            status = newStatus;
            hintCode = newHint;
            finishedAt = at;
        }

        View view() {
            return new View(
                    orderRef,
                    createdAt,
                    status,
                    hintCode,
                    phone,
                    openedBy,
                    persona != null ? persona.personalNumber() : null,
                    persona != null ? persona.name() : null,
                    persona != null ? persona.givenName() : null,
                    persona != null ? persona.surname() : null,
                    deviceIp,
                    persona != null ? persona.bankIdIssueDate() : null,
                    certificatePolicies,
                    visibleText);
        }
    }
}
