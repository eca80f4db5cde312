package se.teknikivast.minasidor.bankid.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The orders BankID knows, in memory, on the injected clock: looked up by orderRef and by the start tokens the apps
 * present, and forgotten as BankID forgets them. Shared by the RP side ({@link SimulatedBankId}) and the holders'
 * apps ({@link HolderApps}). One simulator serves any number of adapter instances.
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
class OrderBook {

    static final int PERSON_LOCKS = 64;

    private final Clock clock;
    private final SimulatorProperties properties;
    private final Map<String, SimulatedOrder> orders = new ConcurrentHashMap<>();
    private final Map<String, SimulatedOrder> byQrStartToken = new ConcurrentHashMap<>();
    private final Map<String, SimulatedOrder> byAutoStartToken = new ConcurrentHashMap<>();
    private final ReentrantLock[] personLocks = new ReentrantLock[PERSON_LOCKS];

    OrderBook(Clock clock, SimulatorProperties properties) {
        this.clock = clock;
        this.properties = properties;
        for (int i = 0; i < PERSON_LOCKS; i++) {
            personLocks[i] = new ReentrantLock();
        }
    }

    Instant now() {
        return clock.instant();
    }

    SimulatorProperties properties() {
        return properties;
    }

    SimulatedOrder add(SimulatedOrder order) {
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
    void forget(SimulatedOrder order) {
        order.removed = true;
        orders.remove(order.orderRef, order);
        if (order.qrStartToken != null) {
            byQrStartToken.remove(order.qrStartToken, order);
        }
        if (order.autoStartToken != null) {
            byAutoStartToken.remove(order.autoStartToken, order);
        }
    }

    /**
     * Called holding the order's monitor: moves the order on BankID's clock and forgets it when BankID would have.
     *
     * @return whether BankID still knows the order
     */
    boolean advance(SimulatedOrder order, Instant now) {
        if (order.removed) {
            return false;
        }
        order.advance(now, properties);
        if (order.forgotten(now, properties)) {
            forget(order);
            return false;
        }
        return true;
    }

    /** The order, or null when BankID does not know it (it may still be forgotten before its monitor is taken). */
    SimulatedOrder find(String orderRef) {
        return orderRef == null ? null : orders.get(orderRef);
    }

    SimulatedOrder byQrStartToken(String qrStartToken) {
        return byQrStartToken.get(qrStartToken);
    }

    SimulatedOrder byAutoStartToken(String autoStartToken) {
        return autoStartToken == null ? null : byAutoStartToken.get(autoStartToken);
    }

    ReentrantLock personLock(String personalNumber) {
        return personLocks[Math.floorMod(personalNumber.hashCode(), PERSON_LOCKS)];
    }

    /** Called holding the person's lock, so no order can be bound to them meanwhile. */
    boolean inProgress(String personalNumber) {
        var now = now();
        for (var order : orders.values()) {
            synchronized (order) {
                order.advance(now, properties);
                if (!order.removed && order.pending() && personalNumber.equals(order.boundPersonalNumber())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A new order for the same person cancels the old one. Called holding the person's lock. */
    void cancelOtherOrders(Persona persona, SimulatedOrder opened, Instant now) {
        for (var other : orders.values()) {
            if (other != opened) {
                synchronized (other) {
                    if (other.pending() && persona.personalNumber().equals(other.boundPersonalNumber())) {
                        other.finish(OrderStatus.FAILED, "cancelled", now);
                    }
                }
            }
        }
    }

    /** Every order BankID still knows, newest first. */
    List<OrderView> views() {
        var now = now();
        var views = new ArrayList<OrderView>();
        for (var order : orders.values()) {
            synchronized (order) {
                if (advance(order, now)) {
                    views.add(order.view());
                }
            }
        }
        views.sort(Comparator.comparing(OrderView::createdAt).reversed());
        return List.copyOf(views);
    }
}
