package se.teknikivast.minasidor.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the rows that the {@link RetentionRule}s of a service call finished and older than their period, on a
 * schedule and on one instance at a time.
 *
 * <p>Small batches: each transaction deletes at most {@code batch-size} rows of one table and commits, so the job never
 * holds row locks for longer than one short delete, and the service's own writes go on meanwhile. A row is chosen and
 * deleted by the same condition, so a row that changed in between (a failed mail sent again, say) is left alone.
 *
 * <p>One instance at a time: every batch first takes the transaction-scoped advisory lock {@link #LOCK} with
 * {@code pg_try_advisory_xact_lock}; a run that does not get it stops, since another instance of the service is
 * pruning the same database. The lock ends with the batch's transaction, also when the instance dies, so a crash can
 * never leave it taken.
 *
 * <p>Each run that deleted something logs one INFO line with tables and counts only, and the rows deleted are counted
 * in {@code minasidor.retention.pruned} (Prometheus {@code minasidor_retention_pruned_rows_total}) tagged by table.
 */
public class RetentionJob implements SmartLifecycle {

    /** "retain": any constant every instance shares; above the int range, so no {@code hashtext()} key meets it. */
    static final long LOCK = 0x7265_7461_696eL;

    static final String PRUNED = "minasidor.retention.pruned";
    private static final Duration LATEST_FIRST_RUN = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RetentionProperties properties;
    private final Clock clock;
    private final List<RetentionRule> rules;
    private final Map<String, Counter> counters = new LinkedHashMap<>();
    private volatile boolean failing;
    private volatile ScheduledExecutorService executor;

    RetentionJob(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            RetentionProperties properties,
            Clock clock,
            List<RetentionRule> rules,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.rules = List.copyOf(rules);
        var tables = new HashSet<String>();
        for (var rule : this.rules) {
            if (!tables.add(rule.table())) {
                throw new IllegalStateException("Two retention rules for table " + rule.table() + ": keep one");
            }
            if (meters != null) {
                // Registered now, so a dashboard sees 0 rather than no series before the first deletion.
                counters.put(
                        rule.table(),
                        Counter.builder(PRUNED)
                                .description("Rows deleted after their retention period")
                                .baseUnit("rows")
                                .tag("table", rule.table())
                                .register(meters));
            }
        }
    }

    /** The rules this job applies, in order. */
    public List<RetentionRule> rules() {
        return rules;
    }

    /**
     * Prunes every table now (the schedule, and tests); stops early, {@linkplain RetentionRun#yielded() yielded}, when
     * another instance holds the lock.
     */
    public RetentionRun pruneNow() {
        var pruned = new LinkedHashMap<String, Long>();
        boolean yielded = false;
        rules:
        for (var rule : rules) {
            var cutoff = clock.instant().minus(rule.period());
            long total = 0;
            int deleted;
            do {
                Integer batch = transactions.execute(status -> pruneBatch(rule, cutoff));
                if (batch == null) {
                    yielded = true;
                    if (total > 0) {
                        pruned.put(rule.table(), total);
                    }
                    break rules;
                }
                deleted = batch;
                total += deleted;
                var counter = counters.get(rule.table());
                if (counter != null && deleted > 0) {
                    counter.increment(deleted);
                }
            } while (deleted == properties.batchSize());
            pruned.put(rule.table(), total);
        }
        var run = new RetentionRun(pruned, yielded);
        if (run.total() > 0) {
            log.info(
                    "Retention: deleted {} row(s) past their retention period ({}){}",
                    run.total(),
                    run.summary(),
                    yielded ? "; another instance goes on" : "");
        } else if (yielded) {
            log.debug("Retention: another instance is pruning");
        }
        return run;
    }

    /** One batch of one table, in the caller's transaction; null when another instance holds the lock. */
    private Integer pruneBatch(RetentionRule rule, Instant cutoff) {
        boolean locked = Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)")
                .param(LOCK)
                .query(Boolean.class)
                .single());
        if (!locked) {
            return null;
        }
        // The ctids of at most one batch, then only those of them that (still) match: a row updated meanwhile has
        // another ctid and is checked again on its new version.
        return jdbc.sql("delete from " + rule.table() + " where ctid = any(array(select ctid from " + rule.table()
                        + " where " + rule.finished() + " limit :limit)) and (" + rule.finished() + ")")
                .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .param("limit", properties.batchSize())
                .update();
    }

    private void pruneQuietly() {
        try {
            pruneNow();
            if (failing) {
                log.info("Retention: pruning works again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn(
                        "Retention: could not prune, trying again every {}: {}",
                        properties.interval(),
                        e.getClass().getSimpleName());
            }
            failing = true;
        }
    }

    @Override
    public void start() {
        if (!properties.enabled() || rules.isEmpty()) {
            return;
        }
        var first = properties.interval().compareTo(LATEST_FIRST_RUN) < 0 ? properties.interval() : LATEST_FIRST_RUN;
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("retention").daemon(true).factory());
        executor.scheduleWithFixedDelay(
                this::pruneQuietly, first.toMillis(), properties.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        var executor = this.executor;
        this.executor = null;
        if (executor != null) {
            executor.shutdown();
            try {
                // A batch is short; waiting for it spares the log a failure from a closed pool.
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
