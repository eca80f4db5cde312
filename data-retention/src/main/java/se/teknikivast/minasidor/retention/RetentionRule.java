package se.teknikivast.minasidor.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which rows of one table may be deleted: those matching {@code finished}, an SQL condition on the table's own columns
 * in which {@code :cutoff} stands for the run's time minus {@code period}. The condition says what is finished and no
 * longer needed (a published message, a sent mail, an expired token); it must never match a row that is still needed,
 * whatever its age (an unpublished message, a pending delivery, a usable token). Declare a rule as a bean next to the
 * table's owner and import {@link DataRetention}.
 *
 * @param table the table; also the {@code table} tag of the pruned-rows counter, so never personal data
 * @param period how long a finished row is kept
 * @param finished the condition, e.g. {@code published_at < :cutoff}; from code, never from input
 */
public record RetentionRule(String table, Duration period, String finished) {

    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public RetentionRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(finished, "finished");
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("Not a plain table name: " + table);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("The retention period of " + table + " must be positive: " + period);
        }
        if (!finished.contains(":cutoff")) {
            throw new IllegalArgumentException("The condition for " + table + " does not use :cutoff: " + finished);
        }
    }
}
