package se.teknikivast.minasidor.retention;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one run of the {@link RetentionJob} did.
 *
 * @param pruned rows deleted per table, in the order of the rules (tables the run did not reach are absent)
 * @param yielded whether the run stopped because another instance held the lock (it prunes meanwhile)
 */
public record RetentionRun(Map<String, Long> pruned, boolean yielded) {

    public RetentionRun {
        pruned = Collections.unmodifiableMap(new LinkedHashMap<>(pruned));
    }

    /** Rows deleted in all. */
    public long total() {
        return pruned.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows deleted from one table (0 if none, or not reached). */
    public long pruned(String table) {
        return pruned.getOrDefault(table, 0L);
    }

    /** Whether the run pruned nothing because another instance was pruning. */
    public boolean skipped() {
        return yielded && total() == 0;
    }

    /** "outbox 1000, letters 3": tables and counts only. */
    String summary() {
        return pruned.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
