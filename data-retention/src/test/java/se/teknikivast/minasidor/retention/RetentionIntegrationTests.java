package se.teknikivast.minasidor.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;

/**
 * The pruning job against real PostgreSQL: what is finished and older than its period goes, in batches; everything
 * else stays; an instance that finds another one pruning does nothing; each run that deleted something says so in one
 * line, with counts only. Runs by hand here ({@code enabled=false}); {@link RetentionScheduleIntegrationTests} runs the
 * schedule.
 */
@SpringBootTest(
        classes = RetentionTestApplication.class,
        properties = {"minasidor.retention.enabled=false", "minasidor.retention.batch-size=2"})
@WithPostgres
@ExtendWith(OutputCaptureExtension.class)
class RetentionIntegrationTests {

    @Autowired
    RetentionJob job;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void emptyTables() {
        jdbc.sql("truncate messages, tokens").update();
    }

    @Test
    void deletesFinishedRowsOlderThanTheirPeriodInBatchesAndKeepsTheRest() {
        var now = clock.instant();
        for (int i = 0; i < 5; i++) {
            message(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8)));
        }
        long youngPublished = message(now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(6)));
        long oldUnpublished = message(now.minus(Duration.ofDays(100)), null);
        token(now.minus(Duration.ofDays(31)));
        long recentlyExpired = token(now.minus(Duration.ofDays(29)));
        long valid = token(now.plus(Duration.ofMinutes(30)));
        double messagesBefore = pruned("messages");
        double tokensBefore = pruned("tokens");

        var run = job.pruneNow();

        assertThat(run.pruned("messages")).as("5 rows in batches of 2").isEqualTo(5);
        assertThat(run.pruned("tokens")).isEqualTo(1);
        assertThat(run.yielded()).isFalse();
        assertThat(ids("messages")).containsExactlyInAnyOrder(youngPublished, oldUnpublished);
        assertThat(ids("tokens")).containsExactlyInAnyOrder(recentlyExpired, valid);
        assertThat(pruned("messages")).isEqualTo(messagesBefore + 5);
        assertThat(pruned("tokens")).isEqualTo(tokensBefore + 1);

        // Two days on, the message published 6 days ago is past its 7 days and the token that expired 29 days ago past
        // its 30; the unpublished message stays however old, the valid token (now expired a day and a half) too.
        clock.advance(Duration.ofDays(2));
        var later = job.pruneNow();
        assertThat(later.pruned("messages")).isEqualTo(1);
        assertThat(later.pruned("tokens")).isEqualTo(1);
        assertThat(ids("messages")).containsExactly(oldUnpublished);
        assertThat(ids("tokens")).containsExactly(valid);
    }

    @Test
    void aRunThatDeletedSomethingLogsOneLineWithCountsOnly(CapturedOutput output) {
        var now = clock.instant();
        for (int i = 0; i < 3; i++) {
            message(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(10)));
        }
        token(now.minus(Duration.ofDays(40)));

        job.pruneNow();
        job.pruneNow(); // nothing left: no line

        assertThat(lines(output, "Retention:"))
                .singleElement()
                .asString()
                .contains("INFO")
                .contains("deleted 4 row(s) past their retention period (messages 3, tokens 1)");
    }

    @Test
    void anInstanceThatFindsTheLockTakenPrunesNothing() throws SQLException {
        var now = clock.instant();
        long old = message(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(30)));

        try (var other = otherInstance()) {
            var locked = other.prepareStatement("select pg_advisory_xact_lock(?)");
            locked.setLong(1, RetentionJob.LOCK);
            locked.execute();

            var run = job.pruneNow();

            assertThat(run.skipped()).isTrue();
            assertThat(ids("messages")).containsExactly(old);
            other.rollback();
        }

        assertThat(job.pruneNow().pruned("messages")).isEqualTo(1);
        assertThat(ids("messages")).isEmpty();
    }

    @Test
    void ofTwoInstancesPruningAtOnceOnlyOneDeletes() throws Exception {
        var now = clock.instant();
        for (int i = 0; i < 4; i++) {
            message(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(30)));
        }
        var secondInstance = new RetentionJob(
                jdbc, transactions, new RetentionProperties(false, Duration.ofHours(1), 2), clock, job.rules(), null);

        CompletableFuture<RetentionRun> first;
        try (var other = otherInstance()) {
            // A service transaction holds one of the old rows, so the first instance's delete waits for it, inside
            // its batch and so holding the lock.
            other.createStatement().execute("select id from messages order by id limit 1 for update");
            first = CompletableFuture.supplyAsync(job::pruneNow);
            await().atMost(Duration.ofSeconds(30)).until(this::aDeleteWaitsForARowLock);

            var second = secondInstance.pruneNow();

            assertThat(second.skipped()).as("the second instance's run").isTrue();
            other.rollback();
        }
        var firstRun = first.get();
        assertThat(firstRun.pruned("messages")).isEqualTo(4);
        assertThat(firstRun.yielded()).isFalse();
        assertThat(ids("messages")).isEmpty();
    }

    @Test
    void oneTableHasOneRule() {
        var rule = new RetentionRule("messages", Duration.ofDays(1), "published_at < :cutoff");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RetentionJob(
                        jdbc,
                        transactions,
                        new RetentionProperties(false, Duration.ofHours(1), 2),
                        clock,
                        List.of(rule, rule),
                        null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("messages");
    }

    private boolean aDeleteWaitsForARowLock() {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                         where datname = current_database() and wait_event_type = 'Lock'
                           and query like 'delete from messages%'""").query(Long.class).single() > 0;
    }

    /** A connection of its own with an open transaction, as another instance or a service transaction has. */
    private Connection otherInstance() throws SQLException {
        var connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private long message(Instant createdAt, Instant publishedAt) {
        return jdbc.sql("insert into messages (created_at, published_at) values (?, ?) returning id")
                .params(
                        createdAt.atOffset(ZoneOffset.UTC),
                        publishedAt == null ? null : publishedAt.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    private long token(Instant expiresAt) {
        return jdbc.sql("insert into tokens (expires_at) values (?) returning id")
                .param(expiresAt.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    private List<Long> ids(String table) {
        return jdbc.sql("select id from " + table + " order by id")
                .query(Long.class)
                .list();
    }

    private double pruned(String table) {
        return meters.get(RetentionJob.PRUNED).tag("table", table).counter().count();
    }

    private static List<String> lines(CapturedOutput output, String containing) {
        return output.getAll().lines().filter(line -> line.contains(containing)).toList();
    }
}
