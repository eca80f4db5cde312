package se.teknikivast.minasidor.bankid.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import se.teknikivast.minasidor.bankid.qr.QrCodes;
import se.teknikivast.minasidor.bankid.support.MutableClock;

class SimulatedBankIdTests {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final SimulatedBankId bankId = new SimulatedBankId(clock, defaults());

    static SimulatorProperties defaults() {
        return new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("minasidor.bankid.simulator", Bindable.of(SimulatorProperties.class));
    }

    @Test
    void theVirtualPhoneAcceptsTheCurrentQrCode() {
        var order = bankId.auth("203.0.113.7", List.of("1.2.3.4.25"), null, null);
        clock.advance(Duration.ofSeconds(4));
        var scanned = bankId.scan(QrCodes.payload(order.qrStartToken(), order.qrStartSecret(), 4), "19121212-1212");
        assertThat(scanned.hintCode()).isEqualTo("userSign");
    }

    @Test
    void refusesAStaleQrCodeLikeTheRealApp() {
        var order = bankId.auth("203.0.113.7", List.of(), null, null);
        var photographed = QrCodes.payload(order.qrStartToken(), order.qrStartSecret(), 0);
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> bankId.scan(photographed, "19121212-1212"))
                .isInstanceOfSatisfying(
                        PhoneRefusal.class, e -> assertThat(e.error()).isEqualTo("staleQrCode"));
        assertThat(bankId.collect(order.orderRef()).orElseThrow().hintCode()).isEqualTo("outstandingTransaction");
    }

    @Test
    void refusesAForgedOrUnknownQrCode() {
        var order = bankId.auth("203.0.113.7", List.of(), null, null);
        var forged = QrCodes.payload(order.qrStartToken(), "not-the-secret", 0);
        assertThatThrownBy(() -> bankId.scan(forged, "19121212-1212"))
                .isInstanceOfSatisfying(
                        PhoneRefusal.class, e -> assertThat(e.error()).isEqualTo("invalidQrCode"));
        var unknown = QrCodes.payload("00000000-0000-0000-0000-000000000000", order.qrStartSecret(), 0);
        assertThatThrownBy(() -> bankId.scan(unknown, "19121212-1212")).isInstanceOf(PhoneRefusal.class);
    }

    @Test
    void followsBankIdsTimingAndForgetsFinishedOrders() {
        var unscanned = bankId.auth("203.0.113.7", List.of(), null, null);
        var completed = bankId.auth("203.0.113.7", List.of(), null, null);
        bankId.identify(completed.orderRef(), "19121212-1212");

        clock.advance(Duration.ofSeconds(30));
        assertThat(bankId.collect(unscanned.orderRef()).orElseThrow().hintCode())
                .isEqualTo("startFailed");
        assertThat(bankId.collect(completed.orderRef()).orElseThrow().status()).isEqualTo("complete");

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
        bankId.autostart(order.autoStartToken(), "19930404-4564");
        bankId.approve(order.orderRef());
        clock.advance(Duration.ofMinutes(3).minusSeconds(1));
        assertThat(bankId.collect(order.orderRef()).orElseThrow().status()).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(1));
        assertThat(bankId.collect(order.orderRef()).orElseThrow().hintCode()).isEqualTo("expiredTransaction");
    }

    @Test
    void injectedFaultsCountDown() {
        bankId.inject(new SimulatedBankId.Faults("maintenance", 0, 2));
        assertThat(bankId.nextFault().mode()).isEqualTo("maintenance");
        assertThat(bankId.nextFault().mode()).isEqualTo("maintenance");
        assertThat(bankId.nextFault().mode()).isEqualTo("none");
    }
}
