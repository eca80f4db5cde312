package se.teknikivast.minasidor.bankid.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.bankid.qr.QrCodes;

/**
 * BankID's side of the RP API, in memory, with BankID's timing on the injected clock, the holders' apps (the
 * "virtual phone"), and injected faults. One simulator serves any number of adapter instances.
 *
 * <p>Concurrency: each order is guarded by its own monitor, so calls for different orders (the common case: every
 * login polls its own order) never wait for each other. What spans orders is always about one person — a second
 * order for a person already in an order is refused ({@code alreadyInProgress}), opening an order cancels the
 * person's other pending orders — so those steps hold that person's lock (one of {@link #PERSON_LOCKS} stripes).
 * Lock order: at most one person lock, then at most one order monitor at a time; never the other way round, so
 * nothing can deadlock.
 */
@Component
@Profile("simulator")
class SimulatedBankId {

    static final String PENDING = "pending";
    static final String COMPLETE = "complete";
    static final String FAILED = "failed";

    private static final int PERSON_LOCKS = 64;

    private final Clock clock;
    private final SimulatorProperties properties;
    private final Map<String, SimOrder> orders = new ConcurrentHashMap<>();
    private final Map<String, SimOrder> byQrStartToken = new ConcurrentHashMap<>();
    private final Map<String, SimOrder> byAutoStartToken = new ConcurrentHashMap<>();
    private final ReentrantLock[] personLocks = new ReentrantLock[PERSON_LOCKS];
    private volatile Faults faults = Faults.NONE;

    SimulatedBankId(Clock clock, SimulatorProperties properties) {
        this.clock = clock;
        this.properties = properties;
        for (int i = 0; i < PERSON_LOCKS; i++) {
            personLocks[i] = new ReentrantLock();
        }
    }

    // ---- RP API -------------------------------------------------------------------------------------------------

    record Started(String orderRef, String autoStartToken, String qrStartToken, String qrStartSecret) {}

    /**
     * What an /auth order asks for besides who may identify.
     *
     * @param returnUrl where the app returns on completion (same device)
     * @param returnRisk whether completionData carries BankID's risk assessment
     * @param riskLimit the highest risk to let through ({@code low}, {@code moderate}); null: none
     */
    record Options(String returnUrl, boolean returnRisk, String riskLimit) {
        static final Options NONE = new Options(null, false, null);
    }

    Started auth(String endUserIp, List<String> policies, String requiredPersonalNumber, String visibleText) {
        return auth(endUserIp, policies, requiredPersonalNumber, visibleText, Options.NONE);
    }

    Started auth(
            String endUserIp,
            List<String> policies,
            String requiredPersonalNumber,
            String visibleText,
            Options options) {
        if (requiredPersonalNumber == null) {
            var order = add(newOrder(endUserIp, policies, null, visibleText, options));
            return new Started(order.orderRef, order.autoStartToken, order.qrStartToken, order.qrStartSecret);
        }
        var lock = personLock(requiredPersonalNumber);
        lock.lock();
        try {
            refuseIfInProgress(requiredPersonalNumber);
            var order = add(newOrder(endUserIp, policies, requiredPersonalNumber, visibleText, options));
            return new Started(order.orderRef, order.autoStartToken, order.qrStartToken, order.qrStartSecret);
        } finally {
            lock.unlock();
        }
    }

    String phoneAuth(String personalNumber, List<String> policies, String visibleText) {
        var lock = personLock(personalNumber);
        lock.lock();
        try {
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
                    visibleText,
                    Options.NONE);
            return add(order).orderRef;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of an order as /collect reports it; empty when BankID no longer knows the order. */
    Optional<View> collect(String orderRef) {
        var order = orders.get(orderRef);
        if (order == null) {
            return Optional.empty();
        }
        var now = clock.instant();
        synchronized (order) {
            if (order.removed) {
                return Optional.empty();
            }
            order.advance(now, properties);
            if (order.forgotten(now, properties)) {
                forget(order);
                return Optional.empty();
            }
            return Optional.of(order.view());
        }
    }

    /** RP cancel: only a pending order can be cancelled, and then BankID forgets it. */
    boolean cancel(String orderRef) {
        var order = orders.get(orderRef);
        if (order == null) {
            return false;
        }
        synchronized (order) {
            order.advance(clock.instant(), properties);
            if (order.removed || !PENDING.equals(order.status)) {
                return false;
            }
            forget(order);
            return true;
        }
    }

    private SimOrder newOrder(
            String endUserIp,
            List<String> policies,
            String requiredPersonalNumber,
            String visibleText,
            Options options) {
        return new SimOrder(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                endUserIp,
                clock.instant(),
                policies,
                requiredPersonalNumber,
                false,
                visibleText,
                options);
    }

    private SimOrder add(SimOrder order) {
        orders.put(order.orderRef, order);
        if (order.qrStartToken != null) {
            byQrStartToken.put(order.qrStartToken, order);
        }
        if (order.autoStartToken != null) {
            byAutoStartToken.put(order.autoStartToken, order);
        }
        return order;
    }

    /** Called holding the order's monitor. */
    private void forget(SimOrder order) {
        order.removed = true;
        orders.remove(order.orderRef, order);
        if (order.qrStartToken != null) {
            byQrStartToken.remove(order.qrStartToken, order);
        }
        if (order.autoStartToken != null) {
            byAutoStartToken.remove(order.autoStartToken, order);
        }
    }

    /** Called holding the person's lock, so no order can be bound to them meanwhile. */
    private void refuseIfInProgress(String personalNumber) {
        var now = clock.instant();
        for (var order : orders.values()) {
            synchronized (order) {
                order.advance(now, properties);
                if (!order.removed
                        && PENDING.equals(order.status)
                        && personalNumber.equals(order.boundPersonalNumber())) {
                    throw new AlreadyInProgress();
                }
            }
        }
    }

    private ReentrantLock personLock(String personalNumber) {
        return personLocks[Math.floorMod(personalNumber.hashCode(), PERSON_LOCKS)];
    }

    static final class AlreadyInProgress extends RuntimeException {
        AlreadyInProgress() {
            super("Order already in progress for pno");
        }
    }

    // ---- the holders' apps ----------------------------------------------------------------------------------------

    /** The virtual phone scans an animated QR code: token, HMAC and age are checked like the real app does. */
    View scan(String qrData, String personalNumber) {
        var persona = persona(personalNumber);
        var scanned = QrCodes.Scanned.parse(qrData);
        if (scanned == null) {
            throw new PhoneRefusal("invalidQrCode", "Det här är ingen BankID-QR-kod.");
        }
        var order = byQrStartToken.get(scanned.qrStartToken());
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
            if (elapsed - scanned.qrTime() > properties.qrMaxAge().toSeconds()) {
                throw new PhoneRefusal("staleQrCode", "QR-koden är för gammal. Läs av den QR-kod som visas nu.");
            }
            open(order, persona, "qr", persona.deviceIp(), now);
            return true;
        });
    }

    /** The app is opened on the same device with the order's autoStartToken. */
    View autostart(String autoStartToken, String personalNumber) {
        return autostart(autoStartToken, personalNumber, null);
    }

    /**
     * The app is opened with the order's autoStartToken on a device BankID sees at {@code deviceIp}; null: the
     * browser's address (the same device). Another address plays a relayed link: the victim's phone opening the
     * link a phisher sent.
     */
    View autostart(String autoStartToken, String personalNumber, String deviceIp) {
        var persona = persona(personalNumber);
        var order = autoStartToken == null ? null : byAutoStartToken.get(autoStartToken);
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
    View identify(String orderRef, String personalNumber) {
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

    /**
     * Runs {@code step} on the order (under its monitor) as the persona, holding the persona's lock; if the step
     * opened the order, the persona's other pending orders are then cancelled, as BankID does.
     */
    private View asPerson(Persona persona, SimOrder order, OrderStep step) {
        var lock = personLock(persona.personalNumber());
        lock.lock();
        try {
            var now = clock.instant();
            View view;
            boolean opened;
            synchronized (order) {
                refuseIfRemoved(order);
                opened = step.apply(now);
                view = order.view();
            }
            if (opened) {
                cancelOtherOrders(persona, order, now);
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

    /** A new order for the same person cancels the old one. Called holding the person's lock. */
    private void cancelOtherOrders(Persona persona, SimOrder opened, Instant now) {
        for (var other : orders.values()) {
            if (other != opened) {
                synchronized (other) {
                    if (PENDING.equals(other.status) && persona.personalNumber().equals(other.boundPersonalNumber())) {
                        other.finish(FAILED, "cancelled", now);
                    }
                }
            }
        }
    }

    /** The holder enters the security code and presses Identifiera: the persona's script decides the outcome. */
    View approve(String orderRef) {
        var order = existing(orderRef);
        synchronized (order) {
            refuseIfRemoved(order);
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
    View fail(String orderRef, String hintCode) {
        var order = existing(orderRef);
        synchronized (order) {
            refuseIfRemoved(order);
            var now = clock.instant();
            pendingOrRefuse(order, now);
            order.finish(FAILED, hintCode, now);
            return order.view();
        }
    }

    /** Sets a pending hint code, including ones this adapter does not know (BankID adds codes). */
    View hint(String orderRef, String hintCode) {
        var order = existing(orderRef);
        synchronized (order) {
            refuseIfRemoved(order);
            pendingOrRefuse(order, clock.instant());
            order.hintCode = hintCode;
            return order.view();
        }
    }

    List<View> orders() {
        var now = clock.instant();
        var views = new ArrayList<View>();
        for (var order : orders.values()) {
            synchronized (order) {
                order.advance(now, properties);
                if (order.forgotten(now, properties)) {
                    forget(order);
                } else if (!order.removed) {
                    views.add(order.view());
                }
            }
        }
        views.sort(Comparator.comparing(View::createdAt).reversed());
        return List.copyOf(views);
    }

    /** Called holding the order's monitor: binds the order to the persona's app (the caller cancels the others). */
    private void open(SimOrder order, Persona persona, String how, String deviceIp, Instant now) {
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
            case CERTIFICATE_ERR -> order.finish(FAILED, "certificateErr", now);
            case START_FAILED -> order.finish(FAILED, "startFailed", now);
            default ->
                order.hintCode = order.phone ? "userCallConfirm" : "autostart".equals(how) ? "started" : "userSign";
        }
    }

    private void approveLocked(SimOrder order, Instant now) {
        pendingOrRefuse(order, now);
        switch (order.persona.outcome()) {
            case COMPLETE -> {
                if (order.riskBlocked()) {
                    order.finish(FAILED, "transactionRiskBlocked", now);
                } else {
                    order.finish(COMPLETE, null, now);
                }
            }
            case USER_CANCEL -> order.finish(FAILED, "userCancel", now);
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

    /** Called holding the order's monitor: it may have been forgotten since it was looked up. */
    private static void refuseIfRemoved(SimOrder order) {
        if (order.removed) {
            throw new PhoneRefusal("unknownOrder", "Ingen sådan order.");
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
            String visibleText,
            String risk,
            String returnUrl) {}

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
        final Options options;
        String status = PENDING;
        String hintCode = "outstandingTransaction";
        Persona persona;
        String openedBy;
        String deviceIp;
        Instant openedAt;
        Instant finishedAt;
        /** BankID has forgotten the order (collected too late, or cancelled); guarded by the order's monitor. */
        boolean removed;

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
                String visibleText,
                Options options) {
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
            this.options = options;
            if (phone) {
                // A phone order is pushed to the holder's app at once.
                this.persona = Personas.find(requiredPersonalNumber).orElseThrow();
            }
        }

        /** BankID's risk assessment is above what the RP accepts. */
        boolean riskBlocked() {
            return options.riskLimit() != null && rank(persona.risk()) > rank(options.riskLimit());
        }

        private static int rank(String risk) {
            return switch (risk) {
                case "low" -> 0;
                case "moderate" -> 1;
                default -> 2;
            };
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
                    visibleText,
                    COMPLETE.equals(status) && options.returnRisk() ? persona.risk() : null,
                    // The app returns to the order's returnUrl when it was opened on the same device and is done.
                    COMPLETE.equals(status) && "autostart".equals(openedBy) ? options.returnUrl() : null);
        }
    }
}
