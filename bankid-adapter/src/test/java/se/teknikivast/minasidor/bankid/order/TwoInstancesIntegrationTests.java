package se.teknikivast.minasidor.bankid.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import se.teknikivast.minasidor.bankid.BankIdAdapterApplication;
import se.teknikivast.minasidor.bankid.support.AdapterHttp;
import se.teknikivast.minasidor.bankid.support.TestBeans;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;
import se.teknikivast.minasidor.resourceserver.test.TestIssuer;

/**
 * Two adapter instances sharing one real Redis (and one BankID, the simulator in instance A): an order started on
 * one is served by the other, QR secret and cached collect answers included.
 */
class TwoInstancesIntegrationTests {

    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static int portA;
    static int portB;

    @BeforeAll
    static void startTwoInstances() {
        var redis = TestInfrastructure.redis();
        var prefix = TestInfrastructure.uniqueName("two") + ":";
        portA = Ports.freePort();
        portB = Ports.freePort();
        var simulator = "http://localhost:" + portA + "/rp/v6.0";
        a = instance(portA, simulator, prefix, redis, "simulator");
        b = instance(portB, simulator, prefix, redis);
    }

    private static ConfigurableApplicationContext instance(
            int port, String rpBaseUrl, String prefix, TestInfrastructure.Redis redis, String... profiles) {
        return new SpringApplicationBuilder(BankIdAdapterApplication.class, TestBeans.class)
                .profiles(profiles)
                .run(
                        "--server.port=" + port,
                        "--spring.data.redis.host=" + redis.host(),
                        "--spring.data.redis.port=" + redis.port(),
                        "--minasidor.bankid.rp.base-url=" + rpBaseUrl,
                        "--minasidor.bankid.order.key-prefix=" + prefix,
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
                                + TestIssuer.get().jwkSetUri());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void anOrderStartedOnOneInstanceIsShownAndCollectedOnAnother() {
        var onA = new AdapterHttp(portA);
        var onB = new AdapterHttp(portB);

        var orderRef = onA.start(false).get("orderRef");
        // Instance B renders the QR code from the secret A stored in Redis; the phone accepts it.
        var qr = onB.qr(orderRef).get("qrData");
        assertThat(onA.scan(qr, "19850505-2467").status()).isEqualTo(200);
        onA.phone("orders/" + orderRef + "/approve", null);

        TestBeans.CLOCK.advance(Duration.ofSeconds(2));
        var collected = onB.collect(orderRef);
        assertThat(collected.get("status")).isEqualTo("complete");
        assertThat(collected.body().get("completion").get("name").asString()).isEqualTo("Lisa Lindqvist");
        // A sees the finished answer B stored, without asking BankID again.
        assertThat(onA.collect(orderRef).get("status")).isEqualTo("complete");
    }

    @Test
    void withinTwoSecondsEveryInstanceServesTheCachedAnswer() {
        var onA = new AdapterHttp(portA);
        var onB = new AdapterHttp(portB);
        var orderRef = onA.start(false).get("orderRef");

        TestBeans.CLOCK.advance(Duration.ofSeconds(2));
        assertThat(onA.collect(orderRef).get("hintCode")).isEqualTo("outstandingTransaction");
        // The holder scans now, but BankID is not asked again within 2 s: B answers from the shared cache.
        assertThat(onA.scan(onB.qr(orderRef).get("qrData"), "19800101-2387").status())
                .isEqualTo(200);
        assertThat(onB.collect(orderRef).get("hintCode")).isEqualTo("outstandingTransaction");

        TestBeans.CLOCK.advance(Duration.ofSeconds(2));
        assertThat(onB.collect(orderRef).get("hintCode")).isEqualTo("userSign");
    }

    @Test
    void anOrderCancelledOnOneInstanceIsGoneOnTheOther() {
        var onA = new AdapterHttp(portA);
        var onB = new AdapterHttp(portB);
        var orderRef = onA.start(true).get("orderRef");
        assertThat(onB.post("/api/identifications/" + orderRef + "/cancel", null)
                        .status())
                .isEqualTo(204);
        var gone = onA.collect(orderRef);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.get("code")).isEqualTo("order-not-found");
        assertThat(onA.phone("orders/" + orderRef + "/approve", Map.of()).status())
                .isEqualTo(404);
    }
}
