package se.teknikivast.minasidor.notification.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.notification.NotificationIntegrationTest;
import se.teknikivast.minasidor.retention.RetentionJob;
import se.teknikivast.minasidor.retention.RetentionRule;

/**
 * notification-service's retention against its real database, timed by the application's clock: delivery records go
 * 90 days after the mail was sent or given up and dead-lettered, letter records 90 days after the letter was queued;
 * deliveries still to be sent, or failed and not yet on the dead-letter topic, stay however old. The job runs by hand
 * (the tests' configuration turns the schedule off).
 */
@NotificationIntegrationTest
class RetentionIntegrationTests {

    @Autowired
    RetentionJob retention;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    @Test
    void prunesDeliveriesAndLettersOnly() {
        assertThat(retention.rules())
                .extracting(RetentionRule::table)
                .containsExactlyInAnyOrder("deliveries", "letters");
    }

    @Test
    void finishedDeliveriesGoNinetyDaysAfterTheyWereSentOrGivenUp() {
        var now = clock.instant();
        double before = pruned("deliveries");
        var sentLongAgo = finished("SENT", now.minus(Duration.ofDays(91)));
        var sentLately = finished("SENT", now.minus(Duration.ofDays(89)));
        var deadLetteredLongAgo = finished("FAILED", now.minus(Duration.ofDays(91)));
        var deadLetteredLately = finished("FAILED", now.minus(Duration.ofDays(89)));

        var run = retention.pruneNow();

        assertThat(run.pruned("deliveries")).isGreaterThanOrEqualTo(2);
        assertThat(existing(sentLongAgo, sentLately, deadLetteredLongAgo, deadLetteredLately))
                .containsExactlyInAnyOrder(sentLately, deadLetteredLately);
        assertThat(pruned("deliveries")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void deliveriesNotFinishedStayHoweverOld() {
        var now = clock.instant();
        var longAgo = now.minus(Duration.ofDays(200));
        // In one transaction, rolled back at the end: the dispatcher and the dead-letter relay never see these rows,
        // the job (joining the transaction) does.
        transactions.executeWithoutResult(status -> {
            var pending = unfinished("PENDING", longAgo, now.plus(Duration.ofDays(1)), null, null);
            var sending = unfinished("SENDING", longAgo, null, now.plus(Duration.ofHours(1)), null);
            var failedNotDeadLettered = unfinished("FAILED", longAgo, null, null, longAgo);
            var sentLongAgo = finished("SENT", longAgo);

            retention.pruneNow();

            assertThat(existing(pending, sending, failedNotDeadLettered, sentLongAgo))
                    .containsExactlyInAnyOrder(pending, sending, failedNotDeadLettered);
            status.setRollbackOnly();
        });
    }

    @Test
    void letterRecordsGoNinetyDaysAfterTheLetterWasQueued() {
        var now = clock.instant();
        var queuedLongAgo = letter(now.minus(Duration.ofDays(91)));
        var queuedLately = letter(now.minus(Duration.ofDays(89)));

        var run = retention.pruneNow();

        assertThat(run.pruned("letters")).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select id from letters where id in (?, ?)")
                        .params(queuedLongAgo, queuedLately)
                        .query(UUID.class)
                        .list())
                .containsExactly(queuedLately);
    }

    @Test
    void prometheusShowsRowsPrunedPerTable() {
        var scrape = ((PrometheusMeterRegistry) meters).scrape();

        assertThat(scrape)
                .contains(
                        "minasidor_retention_pruned_rows_total{application=\"notification-service\",table=\"deliveries\"}")
                .contains(
                        "minasidor_retention_pruned_rows_total{application=\"notification-service\",table=\"letters\"}");
    }

    /** A delivery that was sent, or given up and put on the dead-letter topic, at {@code at}. */
    private UUID finished(String status, Instant at) {
        var id = UUID.randomUUID();
        var sent = "SENT".equals(status);
        jdbc.sql("""
                        insert into deliveries (id, type, locale, customer_number, masked_recipient, status, attempts,
                            requested_at, accepted_at, give_up_at, sent_at, failed_at, dead_lettered_at, updated_at)
                        values (:id, 'password-changed', 'sv', '100001', 'a***@example.se', :status, 1,
                            :accepted, :accepted, :giveUp, :sent, :failed, :failed, :at)""")
                .param("id", id)
                .param("status", status)
                .param("accepted", time(at.minus(Duration.ofMinutes(1))))
                .param("giveUp", time(at.plus(Duration.ofDays(1))))
                .param("sent", sent ? time(at) : null)
                .param("failed", sent ? null : time(at))
                .param("at", time(at))
                .update();
        return id;
    }

    private UUID unfinished(
            String status, Instant updatedAt, Instant nextAttemptAt, Instant claimedUntil, Instant failedAt) {
        var id = UUID.randomUUID();
        jdbc.sql("""
                        insert into deliveries (id, type, locale, customer_number, masked_recipient, request_json,
                            status, attempts, requested_at, accepted_at, next_attempt_at, claimed_until, give_up_at,
                            failed_at, updated_at)
                        values (:id, 'password-changed', 'sv', '100001', 'a***@example.se', '{}', :status, 1,
                            :at, :at, :next, :claimed, :giveUp, :failed, :at)""")
                .param("id", id)
                .param("status", status)
                .param("at", time(updatedAt))
                .param("next", time(nextAttemptAt))
                .param("claimed", time(claimedUntil))
                .param("giveUp", time(updatedAt.plus(Duration.ofDays(1))))
                .param("failed", time(failedAt))
                .update();
        return id;
    }

    private UUID letter(Instant queuedAt) {
        var id = UUID.randomUUID();
        jdbc.sql("""
                        insert into letters (id, type, customer_number, requested_at, queued_at)
                        values (?, 'activation-code', '100001', ?, ?)""").params(id, time(queuedAt), time(queuedAt)).update();
        return id;
    }

    private List<UUID> existing(UUID... ids) {
        return jdbc.sql("select id from deliveries where id in (:ids)")
                .param("ids", List.of(ids))
                .query(UUID.class)
                .list();
    }

    private double pruned(String table) {
        return meters.get("minasidor.retention.pruned")
                .tag("table", table)
                .counter()
                .count();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
