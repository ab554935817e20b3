package org.casebridge.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.casebridge.contracts.audit.AuditChain;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Links committed entries into the chain, one node at a time (an advisory lock), continuing from
 * the head: seq without gaps, each link's prev_hash the hash before it.
 *
 * <p>Entries may commit out of entry_id order, so "linked up to id n" is not enough to know what
 * is left. A watermark says below which id everything is linked; each run looks only above it,
 * and the watermark moves up to a horizon once no transaction that could still add an entry under
 * the horizon is running (see audit_seal in V1_10). An entry is linked at most once: entry_id is
 * unique in audit_chain, and the lock keeps two sealers from racing.
 */
@Component
class ChainSealer {

    /** "audt"; the outbox relay holds "case". */
    static final long LOCK_KEY = 0x61756474L;

    private final JdbcClient jdbc;
    private final JdbcTemplate batchInsert;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batch;

    ChainSealer(JdbcClient jdbc, JdbcTemplate batchInsert, TransactionTemplate transactions, Clock clock, AuditProperties properties) {
        this.jdbc = jdbc;
        this.batchInsert = batchInsert;
        this.transactions = transactions;
        this.clock = clock;
        this.batch = properties.sealBatch();
    }

    /** Links everything committed so far; returns how many entries were linked. */
    int sealPending() {
        int total = 0;
        int sealed;
        do {
            Integer linked = transactions.execute(status -> sealBatch());
            sealed = linked == null ? 0 : linked;
            total += sealed;
        } while (sealed == batch);
        return total;
    }

    private int sealBatch() {
        if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK_KEY).query(Boolean.class).single()) {
            return 0;
        }
        // Before anything else (and before this transaction writes and so gets its id): every entry
        // id up to lastId was handed out to a transaction older than ours.
        long lastId = jdbc.sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM audit_entry_entry_id_seq")
                .query(Long.class).single();
        long ownXid = jdbc.sql("SELECT pg_current_xact_id()::text::bigint").query(Long.class).single();
        State state = jdbc.sql("SELECT watermark, horizon_entry, horizon_xid FROM audit_seal WHERE id = 1")
                .query((rs, n) -> new State(rs.getLong(1), (Long) rs.getObject(2), (Long) rs.getObject(3)))
                .single();
        long oldestRunning = jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").query(Long.class).single();
        // Every transaction that could add an entry up to horizon_entry has ended (and this
        // statement's successors see its commit): ids up to there are final.
        Long finalUpTo = state.horizonXid() != null && oldestRunning > state.horizonXid() ? state.horizonEntry() : null;

        List<Entry> entries = jdbc.sql("""
                        SELECT e.entry_id, e.at, e.kind, e.actor, e.target, e.handoff_id, e.details, e.node
                        FROM audit_entry e
                        WHERE e.entry_id > ? AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = e.entry_id)
                        ORDER BY e.entry_id
                        LIMIT ?""")
                .params(state.watermark(), batch)
                .query((rs, n) -> new Entry(rs.getLong("entry_id"), AuditChain.digest(AuditChain.body(rs.getLong("entry_id"),
                        rs.getTimestamp("at").toInstant(), rs.getString("kind"), rs.getString("actor"), rs.getString("target"),
                        rs.getString("handoff_id"), EntryBodies.details(rs.getString("details")), rs.getString("node")))))
                .list();
        if (!entries.isEmpty()) {
            link(entries);
        }

        long watermark = state.watermark();
        Long horizonEntry = state.horizonEntry();
        Long horizonXid = state.horizonXid();
        if (finalUpTo != null) {
            // Everything visible up to the last entry read is linked now; with a full batch there may be more above it.
            long upTo = entries.size() == batch ? Math.min(finalUpTo, entries.getLast().entryId()) : finalUpTo;
            watermark = Math.max(watermark, upTo);
        }
        if (horizonXid == null || finalUpTo != null) {
            horizonEntry = lastId;
            horizonXid = ownXid;
        }
        jdbc.sql("UPDATE audit_seal SET watermark = ?, horizon_entry = ?, horizon_xid = ? WHERE id = 1")
                .params(watermark, horizonEntry, horizonXid).update();
        return entries.size();
    }

    private void link(List<Entry> entries) {
        Head head = jdbc.sql("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional().orElse(new Head(0, AuditChain.GENESIS));
        Timestamp now = Timestamp.from(clock.instant());
        long seq = head.seq();
        String prev = head.hash();
        List<Object[]> rows = new java.util.ArrayList<>(entries.size());
        for (Entry entry : entries) {
            seq++;
            String hash = AuditChain.link(prev, entry.digest());
            rows.add(new Object[] {seq, entry.entryId(), entry.digest(), prev, hash, now});
            prev = hash;
        }
        batchInsert.batchUpdate("INSERT INTO audit_chain (seq, entry_id, body_digest, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows);
    }

    private record State(long watermark, Long horizonEntry, Long horizonXid) {
    }

    private record Entry(long entryId, String digest) {
    }

    private record Head(long seq, String hash) {
    }
}
