package org.casebridge.gateway.evidence;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.casebridge.contracts.audit.AuditChain;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the hash-chained audit trail (audit_entry, audit_chain, audit_checkpoint) and nothing
 * else; whoever writes and seals it, the export only needs these three tables. Long reads stream
 * with a fetch size, so they must run inside a transaction.
 */
@Repository
class AuditRecords {

    private static final int FETCH = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AuditRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The case's entries in the order written, each with its canonical body and its link, if sealed. */
    void caseEntries(String handoffId, Consumer<CaseEntry> each) {
        jdbc.sql("""
                        SELECT e.entry_id, e.at, e.kind, e.actor, e.target, e.handoff_id, e.details, e.node, c.seq
                        FROM audit_entry e LEFT JOIN audit_chain c ON c.entry_id = e.entry_id
                        WHERE e.handoff_id = ? ORDER BY e.entry_id""")
                .param(handoffId)
                .withFetchSize(FETCH)
                .query(rs -> {
                    long entryId = rs.getLong("entry_id");
                    String body = AuditChain.body(entryId, rs.getTimestamp("at").toInstant(), rs.getString("kind"),
                            rs.getString("actor"), rs.getString("target"), rs.getString("handoff_id"),
                            JSON.readTree(rs.getString("details")), rs.getString("node"));
                    long seq = rs.getLong("seq");
                    each.accept(new CaseEntry(entryId, rs.wasNull() ? null : seq, body));
                });
    }

    /** Where the case's sealed entries lie in the chain, and how many of its entries are not sealed yet. */
    CaseSpan span(String handoffId) {
        return jdbc.sql("""
                        SELECT count(*) AS entries, count(c.seq) AS sealed, min(c.seq) AS first_seq, max(c.seq) AS last_seq
                        FROM audit_entry e LEFT JOIN audit_chain c ON c.entry_id = e.entry_id
                        WHERE e.handoff_id = ?""")
                .param(handoffId)
                .query((rs, n) -> new CaseSpan(rs.getLong("entries"), rs.getLong("sealed"),
                        rs.getObject("first_seq", Long.class), rs.getObject("last_seq", Long.class)))
                .single();
    }

    /** The first checkpoint at or after the given link. */
    Optional<Checkpoint> checkpointCovering(long seq) {
        return jdbc.sql("SELECT seq, hash, signed_at, jws FROM audit_checkpoint WHERE seq >= ? ORDER BY seq LIMIT 1")
                .param(seq).query((rs, n) -> new Checkpoint(rs.getLong("seq"), rs.getString("hash"),
                        rs.getTimestamp("signed_at").toInstant(), rs.getString("jws")))
                .optional();
    }

    Optional<Checkpoint> latestCheckpoint() {
        return jdbc.sql("SELECT seq, hash, signed_at, jws FROM audit_checkpoint ORDER BY seq DESC LIMIT 1")
                .query((rs, n) -> new Checkpoint(rs.getLong("seq"), rs.getString("hash"),
                        rs.getTimestamp("signed_at").toInstant(), rs.getString("jws")))
                .optional();
    }

    /** Links {@code from..to} inclusive, in order. */
    void links(long from, long to, Consumer<Link> each) {
        jdbc.sql("SELECT seq, entry_id, body_digest, prev_hash, hash FROM audit_chain WHERE seq BETWEEN ? AND ? ORDER BY seq")
                .params(from, to)
                .withFetchSize(FETCH)
                .query(rs -> {
                    each.accept(new Link(rs.getLong("seq"), rs.getLong("entry_id"), rs.getString("body_digest"),
                            rs.getString("prev_hash"), rs.getString("hash")));
                });
    }

    /** @param seq the entry's link in the chain; null while not sealed */
    record CaseEntry(long entryId, Long seq, String body) {
    }

    /** @param firstSeq null when none of the case's entries is sealed */
    record CaseSpan(long entries, long sealed, Long firstSeq, Long lastSeq) {
    }

    record Checkpoint(long seq, String hash, Instant signedAt, String jws) {
    }

    record Link(long seq, long entryId, String bodyDigest, String prevHash, String hash) {
    }
}
