package org.casebridge.gateway.audit;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Brings the chain up to now on request: links what is committed and signs the head, so that a
 * proof read next (an evidence export) ends at a signed checkpoint instead of waiting for the
 * next scheduled one. When another node holds the sealer's lock, waits for it, up to a bound.
 */
@Service
public class ChainCoverage {

    private static final long POLL_MILLIS = 50;

    private final JdbcClient jdbc;
    private final ChainSealer sealer;
    private final Checkpointer checkpointer;

    ChainCoverage(JdbcClient jdbc, ChainSealer sealer, Checkpointer checkpointer) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.checkpointer = checkpointer;
    }

    /** True when every entry committed before the call is linked and under a signed checkpoint. */
    public boolean coverUpToNow(Duration maxWait) {
        long wanted = jdbc.sql("SELECT coalesce(max(entry_id), 0) FROM audit_entry").query(Long.class).single();
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            sealer.sealPending();
            checkpointer.checkpoint();
            if (covered(wanted)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private boolean covered(long entryId) {
        if (entryId == 0) {
            return true;
        }
        return jdbc.sql("""
                        SELECT coalesce((SELECT seq FROM audit_chain WHERE entry_id = ?), 9223372036854775807)
                            <= (SELECT coalesce(max(seq), 0) FROM audit_checkpoint)""")
                .param(entryId).query(Boolean.class).single();
    }
}
