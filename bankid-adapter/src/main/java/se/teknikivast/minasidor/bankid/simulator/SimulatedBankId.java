package se.teknikivast.minasidor.bankid.simulator;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.bankid.simulator.SimulatedOrder.Options;

/**
 * BankID's side of the RP API: orders started (/auth, /phone/auth), collected and cancelled, with BankID's timing on
 * the injected clock. The holders' apps act on the same orders through {@link HolderApps}; {@link OrderBook} holds
 * them and explains the locking.
 */
@Component
@Profile("simulator")
class SimulatedBankId {

    record Started(String orderRef, String autoStartToken, String qrStartToken, String qrStartSecret) {}

    static final class AlreadyInProgress extends RuntimeException {
        AlreadyInProgress() {
            super("Order already in progress for pno");
        }
    }

    private final OrderBook book;

    SimulatedBankId(OrderBook book) {
        this.book = book;
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
            return started(book.add(newOrder(endUserIp, policies, null, visibleText, options)));
        }
        var lock = book.personLock(requiredPersonalNumber);
        lock.lock();
        try {
            refuseIfInProgress(requiredPersonalNumber);
            return started(book.add(newOrder(endUserIp, policies, requiredPersonalNumber, visibleText, options)));
        } finally {
            lock.unlock();
        }
    }

    String phoneAuth(String personalNumber, List<String> policies, String visibleText) {
        var lock = book.personLock(personalNumber);
        lock.lock();
        try {
            refuseIfInProgress(personalNumber);
            var order = new SimulatedOrder(
                    UUID.randomUUID().toString(),
                    null,
                    null,
                    null,
                    null,
                    book.now(),
                    policies,
                    personalNumber,
                    true,
                    visibleText,
                    Options.NONE);
            return book.add(order).orderRef;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of an order as /collect reports it; empty when BankID no longer knows the order. */
    Optional<OrderView> collect(String orderRef) {
        var order = book.find(orderRef);
        if (order == null) {
            return Optional.empty();
        }
        var now = book.now();
        synchronized (order) {
            return book.advance(order, now) ? Optional.of(order.view()) : Optional.empty();
        }
    }

    /** RP cancel: only a pending order can be cancelled, and then BankID forgets it. */
    boolean cancel(String orderRef) {
        var order = book.find(orderRef);
        if (order == null) {
            return false;
        }
        synchronized (order) {
            order.advance(book.now(), book.properties());
            if (order.removed || !order.pending()) {
                return false;
            }
            book.forget(order);
            return true;
        }
    }

    /** Every order BankID still knows, newest first (the tester page's and the simulator API's list). */
    List<OrderView> orders() {
        return book.views();
    }

    private static Started started(SimulatedOrder order) {
        return new Started(order.orderRef, order.autoStartToken, order.qrStartToken, order.qrStartSecret);
    }

    private SimulatedOrder newOrder(
            String endUserIp,
            List<String> policies,
            String requiredPersonalNumber,
            String visibleText,
            Options options) {
        return new SimulatedOrder(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                endUserIp,
                book.now(),
                policies,
                requiredPersonalNumber,
                false,
                visibleText,
                options);
    }

    /** Called holding the person's lock. */
    private void refuseIfInProgress(String personalNumber) {
        if (book.inProgress(personalNumber)) {
            throw new AlreadyInProgress();
        }
    }
}
