package org.casebridge.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.casebridge.contracts.audit.AuditChain;
import org.casebridge.gateway.audit.ChainBreak.Problem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Re-walks the whole chain, a page at a time so that memory stays bounded however long it is, and
 * checks every link against its entry and its neighbour, then every checkpoint against its
 * signature and the link it names. Reports the first break (lowest seq) and how many there are.
 */
@Component
public class ChainVerifier {

    private final JdbcClient jdbc;
    private final ChainSignatures signatures;
    private final Clock clock;
    private final AuditProperties properties;

    ChainVerifier(JdbcClient jdbc, ChainSignatures signatures, Clock clock, AuditProperties properties) {
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.clock = clock;
        this.properties = properties;
    }

    public VerificationReport verify() {
        Findings findings = new Findings();
        Walk walk = walkLinks(findings);
        long checkpoints = walkCheckpoints(findings);
        long entries = jdbc.sql("SELECT count(*) FROM audit_entry").query(Long.class).single();
        long unsealed = jdbc.sql("SELECT count(*) FROM audit_entry e WHERE NOT EXISTS "
                + "(SELECT 1 FROM audit_chain c WHERE c.entry_id = e.entry_id)").query(Long.class).single();
        long pastGrace = jdbc.sql("SELECT count(*) FROM audit_entry e WHERE e.at < ? AND NOT EXISTS "
                        + "(SELECT 1 FROM audit_chain c WHERE c.entry_id = e.entry_id)")
                .param(Timestamp.from(clock.instant().minus(properties.unsealedGrace()))).query(Long.class).single();
        return new VerificationReport(findings.first == null, walk.links(), checkpoints, entries, unsealed, pastGrace,
                properties.unsealedGrace().toString(), walk.headSeq(), walk.headHash(), findings.count, findings.first,
                AuditChain.timestamp(clock.instant()));
    }

    private Walk walkLinks(Findings findings) {
        long links = 0;
        long expectedSeq = 1;
        String previousHash = AuditChain.GENESIS;
        long after = 0;
        while (true) {
            List<Link> page = jdbc.sql("""
                            SELECT c.seq, c.entry_id, c.body_digest, c.prev_hash, c.hash, e.entry_id AS present,
                                   e.at, e.kind, e.actor, e.target, e.handoff_id, e.details, e.node
                            FROM audit_chain c LEFT JOIN audit_entry e ON e.entry_id = c.entry_id
                            WHERE c.seq > ? ORDER BY c.seq LIMIT ?""")
                    .params(after, properties.pageSize())
                    .query((rs, n) -> Link.of(rs))
                    .list();
            for (Link link : page) {
                links++;
                if (link.seq() != expectedSeq) {
                    findings.add(new ChainBreak(expectedSeq, null, Problem.SEQ_GAP, "links " + expectedSeq + " to "
                            + (link.seq() - 1) + " are missing", String.valueOf(expectedSeq), String.valueOf(link.seq())));
                }
                if (link.body() == null) {
                    findings.add(new ChainBreak(link.seq(), link.entryId(), Problem.ENTRY_MISSING,
                            "entry " + link.entryId() + " of link " + link.seq() + " is not in audit_entry", null, null));
                } else {
                    String digest = link.digest();
                    if (!link.bodyDigest().equals(digest)) {
                        findings.add(new ChainBreak(link.seq(), link.entryId(), Problem.BODY_DIGEST_DIFFERS,
                                "entry " + link.entryId() + " no longer hashes to the digest its link holds", link.bodyDigest(), digest));
                    }
                }
                if (!link.prevHash().equals(previousHash)) {
                    findings.add(new ChainBreak(link.seq(), link.entryId(), Problem.PREV_HASH_DIFFERS,
                            "link " + link.seq() + " does not continue from the link before it", previousHash, link.prevHash()));
                }
                String hash = AuditChain.link(link.prevHash(), link.bodyDigest());
                if (!link.hash().equals(hash)) {
                    findings.add(new ChainBreak(link.seq(), link.entryId(), Problem.LINK_HASH_DIFFERS,
                            "link " + link.seq() + "'s hash is not SHA-256(prev_hash + body_digest)", hash, link.hash()));
                }
                previousHash = link.hash();
                expectedSeq = link.seq() + 1;
                after = link.seq();
            }
            if (page.size() < properties.pageSize()) {
                return new Walk(links, after, after == 0 ? null : previousHash);
            }
        }
    }

    private long walkCheckpoints(Findings findings) {
        long checked = 0;
        long after = 0;
        while (true) {
            List<Checkpoint> page = jdbc.sql("""
                            SELECT k.seq, k.hash, k.signed_at, k.jws, c.hash AS link_hash
                            FROM audit_checkpoint k LEFT JOIN audit_chain c ON c.seq = k.seq
                            WHERE k.seq > ? ORDER BY k.seq LIMIT ?""")
                    .params(after, properties.pageSize())
                    .query((rs, n) -> new Checkpoint(rs.getLong("seq"), rs.getString("hash"), rs.getString("jws"),
                            rs.getString("link_hash")))
                    .list();
            for (Checkpoint checkpoint : page) {
                checked++;
                check(checkpoint, findings);
                after = checkpoint.seq();
            }
            if (page.size() < properties.pageSize()) {
                return checked;
            }
        }
    }

    private void check(Checkpoint checkpoint, Findings findings) {
        Optional<byte[]> payload = signatures.verify(checkpoint.jws());
        JsonNode signed = payload.map(CheckpointPayload::parse).orElse(null);
        if (signed == null) {
            findings.add(new ChainBreak(checkpoint.seq(), null, Problem.CHECKPOINT_SIGNATURE_INVALID,
                    "the JWS of checkpoint " + checkpoint.seq() + " does not verify with the gateway's keys", null, null));
            return;
        }
        long signedSeq = signed.path("seq").asLong(-1);
        String signedHash = signed.path("hash").asString("");
        if (signedSeq != checkpoint.seq() || !signedHash.equals(checkpoint.hash())) {
            findings.add(new ChainBreak(checkpoint.seq(), null, Problem.CHECKPOINT_SIGNATURE_INVALID,
                    "checkpoint " + checkpoint.seq() + " signs other values than its row: "
                            + new String(payload.get(), StandardCharsets.UTF_8),
                    signedSeq + " " + signedHash, checkpoint.seq() + " " + checkpoint.hash()));
            return;
        }
        if (!signedHash.equals(checkpoint.linkHash())) {
            findings.add(new ChainBreak(checkpoint.seq(), null, Problem.CHECKPOINT_HASH_MISMATCH,
                    checkpoint.linkHash() == null ? "checkpoint " + checkpoint.seq() + " names a link that is gone"
                            : "the link at seq " + checkpoint.seq() + " is not the one its checkpoint signed",
                    signedHash, checkpoint.linkHash()));
        }
    }

    private static final class Findings {
        private ChainBreak first;
        private long count;

        void add(ChainBreak found) {
            count++;
            if (first == null || found.seq() < first.seq()) {
                first = found;
            }
        }
    }

    private record Walk(long links, long headSeq, String headHash) {
    }

    private record Checkpoint(long seq, String hash, String jws, String linkHash) {
    }

    /** A link with its entry's body, or a null body when the entry is gone. */
    private record Link(long seq, long entryId, String bodyDigest, String prevHash, String hash, Body body) {

        static Link of(ResultSet rs) throws SQLException {
            Body body = rs.getObject("present") == null ? null : new Body(rs.getTimestamp("at").toInstant(),
                    rs.getString("kind"), rs.getString("actor"), rs.getString("target"), rs.getString("handoff_id"),
                    rs.getString("details"), rs.getString("node"));
            return new Link(rs.getLong("seq"), rs.getLong("entry_id"), rs.getString("body_digest"), rs.getString("prev_hash"),
                    rs.getString("hash"), body);
        }

        /** The digest of the entry as stored now; an entry whose details are no JSON object has none that matches. */
        String digest() {
            try {
                return AuditChain.digest(AuditChain.body(entryId, body.at(), body.kind(), body.actor(), body.target(),
                        body.handoffId(), EntryBodies.details(body.details()), body.node()));
            } catch (RuntimeException e) {
                return "unreadable entry: " + e.getMessage();
            }
        }
    }

    private record Body(java.time.Instant at, String kind, String actor, String target, String handoffId, String details,
            String node) {
    }
}
