package se.teknikivast.minasidor.auth.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;

@SpringBootTest(classes = {se.teknikivast.minasidor.auth.AuthServiceApplication.class})
@WithPostgres
@WithRedis
@Import(MutableClock.AsApplicationClock.class)
class PasswordLoginIntegrationTests {

    @Autowired
    PasswordLogin login;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    static final String RIGHT = "elljus-over-vanern-2026";
    static final String WRONG = "not-my-password-at-all";

    @Test
    void locksAccountAfterFiveFailuresForAGrowingWhileAndUnlocksOnItsOwn() {
        login.setPassword("200001", RIGHT);
        for (int i = 0; i < 4; i++) {
            assertThat(login.verify("200001", WRONG)).isEqualTo(PasswordVerification.REJECTED);
        }
        assertThat(login.verify("200001", WRONG)).isEqualTo(PasswordVerification.REJECTED); // 5th: locks 1 min
        assertThat(login.verify("200001", RIGHT))
                .as("right password while locked")
                .isEqualTo(PasswordVerification.LOCKED);

        clock.advance(Duration.ofSeconds(59));
        assertThat(login.verify("200001", RIGHT)).isEqualTo(PasswordVerification.LOCKED);

        clock.advance(Duration.ofSeconds(2));
        assertThat(login.verify("200001", WRONG)).isEqualTo(PasswordVerification.REJECTED); // 6th: locks 2 min
        clock.advance(Duration.ofSeconds(119));
        assertThat(login.verify("200001", RIGHT)).isEqualTo(PasswordVerification.LOCKED);
        clock.advance(Duration.ofSeconds(2));
        assertThat(login.verify("200001", RIGHT)).isEqualTo(PasswordVerification.VERIFIED);

        // Success resets the count: four new failures do not lock.
        for (int i = 0; i < 4; i++) {
            login.verify("200001", WRONG);
        }
        assertThat(login.verify("200001", RIGHT)).isEqualTo(PasswordVerification.VERIFIED);
    }

    @Test
    void countsEveryLockForTheOperationsDashboard() {
        double before = meters.get("minasidor.lockouts").counter().count();
        login.setPassword("200003", RIGHT);
        for (int i = 0; i < 5; i++) {
            login.verify("200003", WRONG);
        }
        assertThat(meters.get("minasidor.lockouts").counter().count()).isEqualTo(before + 1);

        login.verify("200003", WRONG); // while locked: neither counted as a failure nor as a new lock
        clock.advance(Duration.ofMinutes(2));
        login.verify("200003", WRONG); // the 6th failure locks again
        assertThat(meters.get("minasidor.lockouts").counter().count()).isEqualTo(before + 2);
    }

    @Test
    void neverLocksLongerThanFifteenMinutes() {
        login.setPassword("200002", RIGHT);
        for (int i = 0; i < 5; i++) {
            login.verify("200002", WRONG);
        }
        // Each failure after the lock ends doubles it: 2, 4, 8, then capped at 15 minutes.
        for (var lock : new int[] {1, 2, 4, 8, 15}) {
            clock.advance(Duration.ofMinutes(lock).plusSeconds(1));
            login.verify("200002", WRONG);
        }
        clock.advance(Duration.ofMinutes(15).minusSeconds(2));
        assertThat(login.verify("200002", RIGHT)).isEqualTo(PasswordVerification.LOCKED);
        clock.advance(Duration.ofSeconds(3));
        assertThat(login.verify("200002", RIGHT)).isEqualTo(PasswordVerification.VERIFIED);
    }

    @Test
    void unknownCustomerIsRejectedLikeAWrongPassword() {
        assertThat(login.verify("299999", RIGHT)).isEqualTo(PasswordVerification.REJECTED);
        assertThat(login.verify(null, RIGHT)).isEqualTo(PasswordVerification.REJECTED);
    }

    @Test
    void upgradesAHashMadeWithWeakerParametersAtTheNextLogin() {
        var weak = new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(16, 32, 1, 8192, 1);
        jdbc.sql("insert into credentials (customer_number, password_hash, updated_at) values (?, ?, now())")
                .params("200003", weak.encode(RIGHT))
                .update();

        assertThat(login.verify("200003", RIGHT)).isEqualTo(PasswordVerification.VERIFIED);

        var stored = jdbc.sql("select password_hash from credentials where customer_number = '200003'")
                .query(String.class)
                .single();
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(login.verify("200003", RIGHT)).isEqualTo(PasswordVerification.VERIFIED);
    }
}
