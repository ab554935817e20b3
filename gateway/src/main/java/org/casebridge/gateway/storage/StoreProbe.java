package org.casebridge.gateway.storage;

import java.util.Optional;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whether the store of record answers, for the readiness probe: a {@code SELECT 1} at most once per
 * check interval, and "down" at once when intake has just seen the store fail.
 */
final class StoreProbe {

    private final JdbcClient jdbc;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long checkedAt;
    private boolean checked;
    private String problem;

    StoreProbe(JdbcClient jdbc, long intervalNanos, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** Why the store is unavailable; empty when it answers. */
    synchronized Optional<String> problem() {
        long now = nanoTime.getAsLong();
        if (!checked || now - checkedAt >= intervalNanos) {
            problem = query();
            checked = true;
            checkedAt = now;
        }
        return Optional.ofNullable(problem);
    }

    /** Intake saw the store fail: report it until a probe succeeds again. */
    synchronized void failed(String why) {
        problem = why;
        checked = true;
        checkedAt = nanoTime.getAsLong();
    }

    private String query() {
        try {
            jdbc.sql("SELECT 1").query(Integer.class).single();
            return null;
        } catch (RuntimeException e) {
            return StoreFailures.reasonOf(e).map(reason -> reason + ": ").orElse("") + e.getMessage();
        }
    }
}
