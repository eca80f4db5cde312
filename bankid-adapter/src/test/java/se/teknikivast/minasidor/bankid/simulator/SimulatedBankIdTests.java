package se.teknikivast.minasidor.bankid.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import se.teknikivast.minasidor.bankid.qr.QrCodes;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;

class SimulatedBankIdTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final OrderBook book = new OrderBook(clock, defaults());
    final SimulatedBankId bankId = new SimulatedBankId(book);
    final HolderApps apps = new HolderApps(book);
    final InjectedFaults faults = new InjectedFaults();

    static SimulatorProperties defaults() {
        return new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("minasidor.bankid.simulator", Bindable.of(SimulatorProperties.class));
    }

    @Test
    void theVirtualPhoneAcceptsTheCurrentQrCode() {
        var order = bankId.auth("203.0.113.7", List.of("1.2.3.4.25"), null, null);
        clock.advance(Duration.ofSeconds(4));
        var scanned = apps.scan(QrCodes.payload(order.qrStartToken(), order.qrStartSecret(), 4), "19121212-1212");
        assertThat(scanned.hintCode()).isEqualTo("userSign");
    }

    @Test
    void refusesAStaleQrCodeLikeTheRealApp() {
        var order = bankId.auth("203.0.113.7", List.of(), null, null);
        var photographed = QrCodes.payload(order.qrStartToken(), order.qrStartSecret(), 0);
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> apps.scan(photographed, "19121212-1212"))
                .isInstanceOfSatisfying(
                        PhoneRefusal.class, e -> assertThat(e.error()).isEqualTo("staleQrCode"));
        assertThat(bankId.collect(order.orderRef()).orElseThrow().hintCode()).isEqualTo("outstandingTransaction");
    }

    @Test
    void refusesAForgedOrUnknownQrCode() {
        var order = bankId.auth("203.0.113.7", List.of(), null, null);
        var forged = QrCodes.payload(order.qrStartToken(), "not-the-secret", 0);
        assertThatThrownBy(() -> apps.scan(forged, "19121212-1212"))
                .isInstanceOfSatisfying(
                        PhoneRefusal.class, e -> assertThat(e.error()).isEqualTo("invalidQrCode"));
        var unknown = QrCodes.payload("00000000-0000-0000-0000-000000000000", order.qrStartSecret(), 0);
        assertThatThrownBy(() -> apps.scan(unknown, "19121212-1212")).isInstanceOf(PhoneRefusal.class);
    }

    @Test
    void followsBankIdsTimingAndForgetsFinishedOrders() {
        var unscanned = bankId.auth("203.0.113.7", List.of(), null, null);
        var completed = bankId.auth("203.0.113.7", List.of(), null, null);
        apps.identify(completed.orderRef(), "19121212-1212");

        clock.advance(Duration.ofSeconds(30));
        assertThat(bankId.collect(unscanned.orderRef()).orElseThrow().hintCode())
                .isEqualTo("startFailed");
        assertThat(bankId.collect(completed.orderRef()).orElseThrow().status()).isEqualTo(OrderStatus.COMPLETE);

        clock.advance(Duration.ofSeconds(150)); // 3 min after completion
        assertThat(bankId.collect(completed.orderRef())).isEmpty();
        assertThat(bankId.collect(unscanned.orderRef())).isPresent();
        clock.advance(Duration.ofSeconds(149));
        assertThat(bankId.collect(unscanned.orderRef())).isPresent();
        clock.advance(Duration.ofSeconds(1)); // 5 min after failing
        assertThat(bankId.collect(unscanned.orderRef())).isEmpty();
    }

    @Test
    void anOpenedOrderExpiresAfterThreeMinutes() {
        var order = bankId.auth("203.0.113.7", List.of(), null, null);
        apps.autostart(order.autoStartToken(), "19930404-4564");
        apps.approve(order.orderRef());
        clock.advance(Duration.ofMinutes(3).minusSeconds(1));
        assertThat(bankId.collect(order.orderRef()).orElseThrow().status()).isEqualTo(OrderStatus.PENDING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(bankId.collect(order.orderRef()).orElseThrow().hintCode()).isEqualTo("expiredTransaction");
    }

    @Test
    void ordersOfDifferentPeopleProceedInParallel() throws Exception {
        var started = new ArrayList<SimulatedBankId.Started>();
        for (int i = 0; i < 200; i++) {
            started.add(bankId.auth("203.0.113.7", List.of(), null, null));
        }
        var tasks = new ArrayList<Callable<String>>();
        for (int i = 0; i < started.size(); i++) {
            var order = started.get(i);
            var holder = personalNumber(i);
            tasks.add(() -> {
                apps.scan(QrCodes.payload(order.qrStartToken(), order.qrStartSecret(), 0), holder);
                return bankId.collect(order.orderRef()).orElseThrow().hintCode();
            });
        }
        assertThat(runTogether(tasks)).hasSize(200).containsOnly("userSign");
        assertThat(bankId.orders())
                .hasSize(200)
                .allSatisfy(view -> assertThat(view.status()).isEqualTo(OrderStatus.PENDING));
    }

    @Test
    void onePersonOpeningManyOrdersAtOnceKeepsExactlyOnePending() throws Exception {
        var started = new ArrayList<SimulatedBankId.Started>();
        for (int i = 0; i < 40; i++) {
            started.add(bankId.auth("203.0.113.7", List.of(), null, null));
        }
        var tasks = new ArrayList<Callable<String>>();
        for (var order : started) {
            tasks.add(() -> {
                try {
                    return apps.autostart(order.autoStartToken(), "19121212-1212")
                            .status()
                            .wire();
                } catch (PhoneRefusal e) {
                    return e.error(); // cancelled by another of the person's orders before it was opened
                }
            });
        }
        runTogether(tasks);
        var statuses = started.stream()
                .map(order -> bankId.collect(order.orderRef()).orElseThrow())
                .toList();
        assertThat(statuses)
                .filteredOn(view -> view.status() == OrderStatus.PENDING)
                .hasSize(1);
        assertThat(statuses)
                .filteredOn(view -> view.status() == OrderStatus.FAILED)
                .hasSize(39)
                .allSatisfy(view -> assertThat(view.hintCode()).isEqualTo("cancelled"));
    }

    @Test
    void aPersonGetsOnlyOnePhoneOrderEvenWhenAskedForManyAtOnce() throws Exception {
        var tasks = new ArrayList<Callable<String>>();
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> {
                try {
                    return bankId.phoneAuth("191212121212", List.of(), null);
                } catch (SimulatedBankId.AlreadyInProgress e) {
                    return "alreadyInProgress";
                }
            });
        }
        var answers = runTogether(tasks);
        assertThat(answers)
                .filteredOn(answer -> !answer.equals("alreadyInProgress"))
                .hasSize(1);
    }

    /** Runs the tasks on as many threads at once; a deadlock would show as a task that never finishes. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        var results = new ArrayList<T>();
        try (var threads = Executors.newFixedThreadPool(16)) {
            // Cancelled (and get() throws) if not all done by then.
            for (var future : threads.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                results.add(future.get());
            }
        }
        return results;
    }

    /** Valid personal numbers, one per n: "Test Testsson" to the simulator. */
    private static String personalNumber(int n) {
        var body = String.format(java.util.Locale.ROOT, "8001%02d%03d", 1 + n / 900, 100 + n % 900);
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = (body.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d / 10 + d % 10;
        }
        return "19" + body + (10 - sum % 10) % 10;
    }

    @Test
    void injectedFaultsCountDown() {
        faults.inject(new InjectedFaults.Faults("maintenance", 0, 2));
        assertThat(faults.next().mode()).isEqualTo("maintenance");
        assertThat(faults.next().mode()).isEqualTo("maintenance");
        assertThat(faults.next().mode()).isEqualTo("none");
    }
}
