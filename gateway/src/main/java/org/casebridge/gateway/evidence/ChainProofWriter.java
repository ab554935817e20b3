package org.casebridge.gateway.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.casebridge.contracts.codec.CanonicalJson;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the case's audit entries with their bodies, and the chain proof: every link from the
 * case's first sealed entry up to the first signed checkpoint at or after its last one. Links of
 * other cases carry only their digests, so their content is not disclosed.
 */
@Component
class ChainProofWriter {

    static final String ENTRIES = "audit/entries.jsonl";
    static final String CHAIN = "audit/chain.jsonl";
    static final String PROOF = "audit/proof.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditRecords audit;

    ChainProofWriter(AuditRecords audit) {
        this.audit = audit;
    }

    void write(String handoffId, EvidenceZip zip) throws IOException {
        try (OutputStream out = zip.open(ENTRIES)) {
            audit.caseEntries(handoffId, entry -> {
                ObjectNode line = JSON.createObjectNode();
                line.put("entryId", entry.entryId());
                if (entry.seq() == null) {
                    line.putNull("seq");
                } else {
                    line.put("seq", entry.seq());
                }
                line.set("body", JSON.readTree(entry.body()));
                writeLine(out, line);
            });
        }
        AuditRecords.CaseSpan span = audit.span(handoffId);
        ObjectNode proof = JSON.createObjectNode();
        proof.put("caseEntries", span.entries());
        proof.put("pendingEntries", span.entries() - span.sealed());
        Optional<AuditRecords.Checkpoint> checkpoint = Optional.empty();
        String status;
        long first = 0;
        long last = -1;
        if (span.firstSeq() == null) {
            status = span.entries() == 0 ? "NO_ENTRIES" : "NOT_YET_COVERED";
            checkpoint = audit.latestCheckpoint();
        } else {
            proof.put("caseFirstSeq", span.firstSeq());
            proof.put("caseLastSeq", span.lastSeq());
            first = span.firstSeq();
            checkpoint = audit.checkpointCovering(span.lastSeq());
            if (checkpoint.isPresent()) {
                // Entries not sealed yet cannot be proven by any checkpoint; say so.
                status = span.sealed() == span.entries() ? "COVERED" : "PARTLY_COVERED";
                last = checkpoint.get().seq();
            } else {
                status = "NOT_YET_COVERED";
                checkpoint = audit.latestCheckpoint();
                last = span.lastSeq();
            }
        }
        try (OutputStream out = zip.open(CHAIN)) {
            if (last >= first) {
                audit.links(first, last, link -> writeLine(out, JSON.createObjectNode()
                        .put("seq", link.seq()).put("entryId", link.entryId()).put("bodyDigest", link.bodyDigest())
                        .put("prevHash", link.prevHash()).put("hash", link.hash())));
            }
        }
        proof.put("status", status);
        proof.put("note", switch (status) {
            case "COVERED" -> "every entry of the case is linked into the chain, and the chain up to them is signed by the checkpoint";
            case "PARTLY_COVERED" -> "the sealed entries are covered by the checkpoint; pendingEntries were recorded after the last seal and are not proven yet";
            case "NOT_YET_COVERED" -> "not yet covered by a checkpoint: the checkpoint given is the latest one, older than the case's last entry; export again later";
            default -> "the audit trail holds no entry for this case";
        });
        if (last >= first) {
            proof.put("firstSeq", first);
            proof.put("lastSeq", last);
        }
        checkpoint.ifPresent(c -> proof.putObject("checkpoint").put("seq", c.seq()).put("hash", c.hash())
                .put("signedAt", c.signedAt().toString()).put("jws", c.jws()));
        zip.add(PROOF, CanonicalJson.text(proof));
    }

    private static void writeLine(OutputStream out, ObjectNode line) {
        try {
            out.write(CanonicalJson.bytes(line));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
