package se.teknikivast.minasidor.auth.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.auth.password.ActivationProperties;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.infrastructure.testing.WithRedis;
import se.teknikivast.minasidor.retention.RetentionJob;
import se.teknikivast.minasidor.retention.RetentionRule;

/**
 * auth-service's retention against its real database (the migrations' tables), timed by the application's clock:
 * links and activation codes go 30 days after they expired, processed event ids after 30 days; usable links and codes
 * stay, however old. The job runs by hand (the tests' configuration turns the schedule off). The context of
 * {@code PasswordLoginIntegrationTests}.
 */
@SpringBootTest(classes = {se.teknikivast.minasidor.auth.AuthServiceApplication.class})
@WithPostgres
@WithRedis
@Import(MutableClock.AsApplicationClock.class)
class RetentionIntegrationTests {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    RetentionJob retention;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void prunesItsThreeTablesAndTheOutboxEachOnce() {
        assertThat(retention.rules())
                .extracting(RetentionRule::table)
                .containsExactlyInAnyOrder(
                        "outbox", "password_setup_tokens", "activation_codes", "processed_customer_events");
    }

    @Test
    void passwordSetupLinksGoThirtyDaysAfterTheyExpiredUsableOnesStay() {
        var now = clock.instant();
        var customer = "9" + (100_000 + RANDOM.nextInt(800_000));
        double before = pruned("password_setup_tokens");
        var expiredLongAgo = token(customer, now.minus(Duration.ofDays(31)), null);
        var usedLongAgo = token(
                customer,
                now.minus(Duration.ofDays(40)),
                now.minus(Duration.ofDays(40).plusMinutes(30)));
        var expiredLately = token(customer, now.minus(Duration.ofDays(29)), null);
        var usedLately = token(
                customer,
                now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(2).plusMinutes(30)));
        var usable = token(customer, now.plus(Duration.ofMinutes(45)), null);

        var run = retention.pruneNow();

        assertThat(run.pruned("password_setup_tokens")).isGreaterThanOrEqualTo(2);
        assertThat(tokensOf(customer)).containsExactlyInAnyOrder(expiredLately, usedLately, usable);
        assertThat(tokensOf(customer)).doesNotContain(expiredLongAgo, usedLongAgo);
        assertThat(pruned("password_setup_tokens")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void activationCodesGoThirtyDaysAfterTheyExpiredUsableOnesStay() {
        var now = clock.instant();
        var customer = "9" + (100_000 + RANDOM.nextInt(800_000));
        double before = pruned("activation_codes");
        var expiredLongAgo = code(customer, now.minus(Duration.ofDays(31)), null);
        var usedLongAgo = code(customer, now.minus(Duration.ofDays(45)), now.minus(Duration.ofDays(70)));
        var expiredLately = code(customer, now.minus(Duration.ofDays(29)), null);
        var usable = code(customer, now.plus(Duration.ofDays(20)), null);

        retention.pruneNow();

        assertThat(codesOf(customer)).containsExactlyInAnyOrder(expiredLately, usable);
        assertThat(pruned("activation_codes")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void processedEventIdsGoAfterThirtyDays() {
        var now = clock.instant();
        var old = processedEvent(now.minus(Duration.ofDays(31)));
        var recent = processedEvent(now.minus(Duration.ofDays(29)));

        retention.pruneNow();

        assertThat(jdbc.sql("select event_id from processed_customer_events where event_id in (?, ?)")
                        .params(old, recent)
                        .query(UUID.class)
                        .list())
                .containsExactly(recent);
    }

    @Test
    void activationCodesAreKeptAtLeastAsLongAsTheLetterLimitCountsThem() {
        var activation = new ActivationProperties(Duration.ofDays(7), 5, 3, Duration.ofDays(30));

        assertThatThrownBy(() -> AuthRetention.requireLetterWindowCovered(Duration.ofDays(22), activation))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("minasidor.retention.auth.activation-codes");
        assertThatCode(() -> AuthRetention.requireLetterWindowCovered(Duration.ofDays(23), activation))
                .doesNotThrowAnyException();
    }

    private String token(String customer, Instant expiresAt, Instant usedAt) {
        var hash = new byte[32];
        RANDOM.nextBytes(hash);
        jdbc.sql("""
                        insert into password_setup_tokens (token_hash, customer_number, created_at, expires_at, used_at)
                        values (?, ?, ?, ?, ?)""")
                .params(
                        hash,
                        customer,
                        time(expiresAt.minus(Duration.ofMinutes(60))),
                        time(expiresAt),
                        usedAt == null ? null : time(usedAt))
                .update();
        return HexFormat.of().formatHex(hash);
    }

    private List<String> tokensOf(String customer) {
        return jdbc.sql("select token_hash from password_setup_tokens where customer_number = ?")
                .param(customer)
                .query((rs, row) -> HexFormat.of().formatHex(rs.getBytes(1)))
                .list();
    }

    private long code(String customer, Instant expiresAt, Instant usedAt) {
        return jdbc.sql("""
                        insert into activation_codes (customer_number, code_hash, created_at, expires_at, used_at)
                        values (?, 'not-a-hash', ?, ?, ?) returning id""")
                .params(
                        customer,
                        time(expiresAt.minus(Duration.ofDays(30))),
                        time(expiresAt),
                        usedAt == null ? null : time(usedAt))
                .query(Long.class)
                .single();
    }

    private List<Long> codesOf(String customer) {
        return jdbc.sql("select id from activation_codes where customer_number = ?")
                .param(customer)
                .query(Long.class)
                .list();
    }

    private UUID processedEvent(Instant processedAt) {
        var id = UUID.randomUUID();
        jdbc.sql("insert into processed_customer_events (event_id, processed_at) values (?, ?)")
                .params(id, time(processedAt))
                .update();
        return id;
    }

    private double pruned(String table) {
        return meters.get("minasidor.retention.pruned")
                .tag("table", table)
                .counter()
                .count();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
