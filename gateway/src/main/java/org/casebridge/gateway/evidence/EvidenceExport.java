package org.casebridge.gateway.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.contracts.codec.CanonicalJson;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.archive.Handoff;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.audit.ChainCoverage;
import org.casebridge.gateway.receipts.EvidenceSigner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exports one case as an evidence archive. Everything is read in one read-only, repeatable-read
 * transaction, so the archive is one consistent snapshot even while the case moves on, and written
 * as it is read; the manifest, listing every file with its SHA-256 and size, is written and signed
 * last.
 */
@Service
class EvidenceExport {

    static final String FORMAT = "casebridge-evidence/1";
    static final String MANIFEST = "manifest.json";
    static final String MANIFEST_JWS = "manifest.jws";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.time.Duration COVERAGE_WAIT = java.time.Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final MessageArchive archive;
    private final CaseRecordsWriter records;
    private final ChainProofWriter proof;
    private final EvidenceSigner signer;
    private final TransactionTemplate snapshot;
    private final ChainCoverage coverage;
    private final Clock clock;
    private final String gateway;

    EvidenceExport(AccessPolicy access, MessageArchive archive, CaseRecordsWriter records, ChainProofWriter proof,
            EvidenceSigner signer, ChainCoverage coverage, PlatformTransactionManager transactions, JdbcClient jdbc,
            Clock clock, GatewayProperties properties) {
        this.coverage = coverage;
        this.jdbc = jdbc;
        this.access = access;
        this.archive = archive;
        this.records = records;
        this.proof = proof;
        this.signer = signer;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
        this.gateway = properties.id();
    }

    /** Where the archive goes, opened only once the caller may have it. */
    interface Destination {
        OutputStream open() throws IOException;
    }

    /**
     * Checks the caller like any other read of the case (same 404, same audit record), then writes
     * the archive. The snapshot is taken before the check is recorded, so the archive shows the
     * case as it stood when the export was asked for, without the export's own audit record.
     */
    void export(Caller caller, String handoffId, boolean includeContent, Destination destination) {
        // The proof then ends at a checkpoint signed now, not at the next scheduled one; if the
        // chain cannot catch up in time, the archive says how far it is covered.
        coverage.coverUpToNow(COVERAGE_WAIT);
        snapshot.executeWithoutResult(status -> {
            jdbc.sql("SELECT 1").query(Integer.class).single(); // the first statement fixes the snapshot
            access.requireHandoffRead(caller, handoffId, Action.EXPORT_EVIDENCE);
            try (OutputStream out = destination.open()) {
                writeSnapshot(caller, handoffId, includeContent, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeSnapshot(Caller caller, String handoffId, boolean includeContent, OutputStream out) throws IOException {
        Handoff handoff = archive.handoff(handoffId).orElseThrow();
        Instant exportedAt = clock.instant();
        try (EvidenceZip zip = new EvidenceZip(out, exportedAt)) {
            records.write(handoff, includeContent, zip);
            proof.write(handoffId, zip);
            zip.add("keys/jwks.json", signer.jwksJson());
            zip.add("keys/certificates.pem", signer.certificatesPem());

            ObjectNode manifest = JSON.createObjectNode()
                    .put("format", FORMAT)
                    .put("handoffId", handoffId)
                    .put("exportedAt", exportedAt.toString())
                    .put("exportedBy", caller.subject())
                    .put("gateway", gateway)
                    .put("attachmentContent", includeContent);
            ArrayNode files = manifest.putArray("files");
            for (EvidenceZip.ManifestFile file : zip.files()) {
                files.addObject().put("path", file.path()).put("sha256", file.sha256()).put("size", file.size());
            }
            byte[] canonical = CanonicalJson.bytes(manifest);
            zip.add(MANIFEST, canonical);
            zip.add(MANIFEST_JWS, signer.signManifest(canonical));
        }
    }
}
