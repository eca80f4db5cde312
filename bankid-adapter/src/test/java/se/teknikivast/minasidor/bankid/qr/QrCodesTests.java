package se.teknikivast.minasidor.bankid.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;

class QrCodesTests {

    static final String TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8";
    static final String SECRET = "d28db9a7-4cde-429e-a983-359be676944c";

    @ParameterizedTest
    @CsvSource({
        "0, bankid.67df3917-fa0d-44e5-b327-edcc928297f8.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8",
        "1, bankid.67df3917-fa0d-44e5-b327-edcc928297f8.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2",
        "2, bankid.67df3917-fa0d-44e5-b327-edcc928297f8.2.a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3"
    })
    void matchesThePublishedVectors(long seconds, String expected) {
        assertThat(QrCodes.payload(TOKEN, SECRET, seconds)).isEqualTo(expected);
    }

    @Test
    void countsWholeSecondsSinceTheStartResponseOnTheInjectedClock() {
        var started = Instant.parse("2026-03-01T10:00:00Z");
        var clock = new MutableClock(started);
        var codes = new QrCodes(clock);

        assertThat(codes.current(TOKEN, SECRET, started)).contains(".0.dc69358e");
        clock.advance(Duration.ofMillis(1999));
        assertThat(codes.current(TOKEN, SECRET, started)).contains(".1.949d559b");
        clock.advance(Duration.ofMillis(1));
        assertThat(codes.current(TOKEN, SECRET, started)).contains(".2.a9e5ec59");
    }

    @Test
    void readsAScannedCodeAndRejectsAnythingElse() {
        var scanned = QrCodes.Scanned.parse(QrCodes.payload(TOKEN, SECRET, 7));
        assertThat(scanned.qrStartToken()).isEqualTo(TOKEN);
        assertThat(scanned.qrTime()).isEqualTo(7);
        assertThat(QrCodes.Scanned.parse("bankid.x.1.nothex")).isNull();
        assertThat(QrCodes.Scanned.parse("bankid:///?autostarttoken=abc")).isNull();
        assertThat(QrCodes.Scanned.parse(null)).isNull();
    }
}
