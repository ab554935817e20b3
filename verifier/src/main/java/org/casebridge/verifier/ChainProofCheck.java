package org.casebridge.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.casebridge.contracts.audit.AuditChain;
import org.casebridge.contracts.codec.CanonicalJson;
import tools.jackson.databind.JsonNode;

/**
 * The audit chain proof: the case's own entries hash to the digests of their links, every link's
 * hash recomputes from its predecessor and digest without a gap, and the last link is the one a
 * signed checkpoint names. Links of other cases carry only digests; they are walked, not read.
 */
final class ChainProofCheck {

    private static final String ENTRIES = "audit/entries.jsonl";
    private static final String CHAIN = "audit/chain.jsonl";
    private static final String PROOF = "audit/proof.json";

    private final EvidenceArchive archive;
    private final Signatures signatures;
    private final Report report;
    private final String handoffId;
    private final boolean strict;

    ChainProofCheck(EvidenceArchive archive, Signatures signatures, Report report, String handoffId, boolean strict) {
        this.archive = archive;
        this.signatures = signatures;
        this.report = report;
        this.handoffId = handoffId;
        this.strict = strict;
    }

    private record OwnEntry(long entryId, String digest) {
    }

    void verify() {
        JsonNode proof;
        try {
            proof = Json.object(archive.read(PROOF), PROOF);
        } catch (Invalid e) {
            report.fail("audit chain proof", e.getMessage());
            return;
        }
        String status = proof.path("status").asString("");
        Map<Long, OwnEntry> own = new HashMap<>();
        long pending;
        try {
            pending = entries(proof, own);
        } catch (Invalid e) {
            report.fail("audit entries", e.getMessage());
            return;
        }
        JsonNode checkpoint = proof.path("checkpoint");
        Walk walk;
        try {
            walk = chain(proof, own, checkpoint.isObject() ? checkpoint.path("seq").asLong(-1) : -1);
            if (walk.hashAtCheckpoint() != null && !walk.hashAtCheckpoint().equals(checkpoint.path("hash").asString(""))) {
                throw new Invalid("link " + checkpoint.path("seq").asLong() + " has hash " + walk.hashAtCheckpoint()
                        + ", the checkpoint of that link says " + checkpoint.path("hash").asString(""));
            }
        } catch (Invalid e) {
            report.fail("audit chain", e.getMessage());
            return;
        }
        JsonNode signed = null;
        if (checkpoint.isObject()) {
            try {
                signed = checkpoint(checkpoint);
            } catch (Invalid e) {
                report.fail("audit checkpoint", e.getMessage());
                return;
            }
        }
        coverage(status, proof, signed, walk, pending);
    }

    /** Reads the case's entries; returns how many are not sealed yet. */
    private long entries(JsonNode proof, Map<Long, OwnEntry> own) throws Invalid {
        long count = 0;
        long pending = 0;
        try (BufferedReader lines = archive.lines(ENTRIES)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                count++;
                JsonNode entry = Json.parse(line, ENTRIES + " line " + count);
                long entryId = Json.number(entry, "entryId", ENTRIES + " line " + count);
                JsonNode body = entry.path("body");
                if (!body.isObject() || body.path("entryId").asLong(-1) != entryId) {
                    throw new Invalid("entry " + entryId + " has no body of its own");
                }
                if (!handoffId.equals(body.path("handoffId").asString(null))) {
                    throw new Invalid("entry " + entryId + " belongs to " + body.path("handoffId") + ", not to this case");
                }
                String digest = AuditChain.digest(CanonicalJson.text(body));
                JsonNode seq = entry.path("seq");
                if (seq.isIntegralNumber()) {
                    own.put(seq.asLong(), new OwnEntry(entryId, digest));
                } else {
                    pending++;
                }
            }
        } catch (IOException e) {
            throw new Invalid(ENTRIES + " cannot be read: " + e.getMessage());
        }
        if (count != proof.path("caseEntries").asLong(-1) || pending != proof.path("pendingEntries").asLong(-1)) {
            throw new Invalid(ENTRIES + " holds " + count + " entries (" + pending + " pending); proof.json says "
                    + proof.path("caseEntries") + " (" + proof.path("pendingEntries") + " pending)");
        }
        report.ok("audit entries", count + " entries of the case, with their bodies" + (pending > 0 ? ", " + pending + " not sealed yet" : ""));
        return pending;
    }

    /**
     * Where a walk of the links ended.
     *
     * @param lastHash         the last link's hash; null when the proof holds no link
     * @param hashAtCheckpoint the hash of the link the (latest) checkpoint names, if the proof reaches it
     */
    private record Walk(String lastHash, String hashAtCheckpoint) {
    }

    private Walk chain(JsonNode proof, Map<Long, OwnEntry> own, long checkpointSeq) throws Invalid {
        Map<Long, OwnEntry> unseen = new HashMap<>(own);
        long expected = proof.path("firstSeq").asLong(-1);
        long links = 0;
        String previous = null;
        String atCheckpoint = null;
        try (BufferedReader lines = archive.lines(CHAIN)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode link = Json.parse(line, CHAIN + " line " + (links + 1));
                long seq = Json.number(link, "seq", CHAIN + " line " + (links + 1));
                String digest = Json.text(link, "bodyDigest", "link " + seq);
                String prevHash = Json.text(link, "prevHash", "link " + seq);
                String hash = Json.text(link, "hash", "link " + seq);
                if (seq != expected) {
                    throw new Invalid("link " + expected + " is missing: the proof goes on with link " + seq);
                }
                if (seq == 1 && !AuditChain.GENESIS.equals(prevHash)) {
                    throw new Invalid("link 1 does not start from the genesis hash");
                }
                if (previous != null && !previous.equals(prevHash)) {
                    throw new Invalid("link " + seq + " does not follow link " + (seq - 1) + ": its prevHash " + prevHash
                            + " is not that link's hash " + previous);
                }
                if (!AuditChain.link(prevHash, digest).equals(hash)) {
                    throw new Invalid("link " + seq + ": hash does not recompute from prevHash and bodyDigest");
                }
                OwnEntry entry = unseen.remove(seq);
                if (entry != null && (entry.entryId() != link.path("entryId").asLong(-1) || !entry.digest().equals(digest))) {
                    throw new Invalid("audit entry " + entry.entryId() + " (link " + seq + "): its body hashes to "
                            + entry.digest() + ", but the chain holds " + digest + ": the entry was changed");
                }
                if (seq == checkpointSeq) {
                    atCheckpoint = hash;
                }
                previous = hash;
                expected++;
                links++;
            }
        } catch (IOException e) {
            throw new Invalid(CHAIN + " cannot be read: " + e.getMessage());
        }
        if (!unseen.isEmpty()) {
            long seq = unseen.keySet().stream().min(Long::compare).orElseThrow();
            throw new Invalid("audit entry " + unseen.get(seq).entryId() + " claims link " + seq + ", which the proof does not hold");
        }
        if (links > 0 && expected - 1 != proof.path("lastSeq").asLong(-1)) {
            throw new Invalid("the proof ends at link " + (expected - 1) + ", proof.json says " + proof.path("lastSeq"));
        }
        if (links > 0) {
            report.ok("audit chain", "links " + proof.path("firstSeq").asLong() + ".." + (expected - 1) + " (" + links
                    + ") recomputed and continuous; " + own.size() + " of them the case's own");
        }
        return new Walk(previous, atCheckpoint);
    }

    /** The checkpoint's JWS over canonical {"gateway","hash","seq","signedAt"}; returns that object. */
    private JsonNode checkpoint(JsonNode checkpoint) throws Invalid {
        Signatures.VerifiedJws verified = signatures.jws(Json.text(checkpoint, "jws", "the checkpoint"));
        JsonNode payload = Json.object(verified.payload(), "the checkpoint's payload");
        if (!Arrays.equals(Json.canonical(payload), verified.payload())) {
            throw new Invalid("the checkpoint's payload is not canonical JSON");
        }
        long seq = Json.number(payload, "seq", "the checkpoint");
        String hash = Json.text(payload, "hash", "the checkpoint");
        if (seq != checkpoint.path("seq").asLong(-1) || !hash.equals(checkpoint.path("hash").asString(""))) {
            throw new Invalid("the signed checkpoint says link " + seq + " hash " + hash + ", proof.json shows "
                    + checkpoint.path("seq") + " " + checkpoint.path("hash"));
        }
        report.ok("audit checkpoint", "link " + seq + " signed by key " + verified.kid() + " at "
                + payload.path("signedAt").asString("") + " (gateway " + payload.path("gateway").asString("") + ")");
        return payload;
    }

    private void coverage(String status, JsonNode proof, JsonNode signed, Walk walk, long pending) {
        String lastHash = walk.lastHash();
        switch (status) {
            case "COVERED", "PARTLY_COVERED" -> {
                if (signed == null || lastHash == null || signed.path("seq").asLong() != proof.path("lastSeq").asLong(-1)
                        || !lastHash.equals(signed.path("hash").asString(""))) {
                    report.fail("audit chain coverage", "the proof does not end at the signed checkpoint");
                    return;
                }
                report.ok("audit chain coverage", "the chain up to the case's last sealed entry is signed by checkpoint "
                        + signed.path("seq").asLong());
                if (pending > 0) {
                    uncovered(pending + " entries of the case were recorded after the last seal and are not proven by the chain yet");
                }
            }
            case "NOT_YET_COVERED" -> uncovered("not yet covered by a checkpoint: the case's last entries come after the latest "
                    + "checkpoint" + (signed == null ? " (there is none)" : " (link " + signed.path("seq").asLong()
                    + (walk.hashAtCheckpoint() != null ? ", which the proof reaches and matches" : "") + ")")
                    + "; export again after the next checkpoint");
            case "NO_ENTRIES" -> uncovered("the audit trail holds no entry for this case");
            default -> report.fail("audit chain coverage", "unknown proof status " + status);
        }
    }

    private void uncovered(String reason) {
        if (strict) {
            report.fail("audit chain coverage", reason);
        } else {
            report.warn("audit chain coverage", reason);
        }
    }
}
