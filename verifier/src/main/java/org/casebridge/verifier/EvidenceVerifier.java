package org.casebridge.verifier;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Verifies one evidence archive, in the order that makes each step's trust rest on the one
 * before: the trusted keys, the manifest's signature, every file against the manifest, then the
 * documents inside (events, messages, receipts, attachments) and the audit chain proof.
 */
final class EvidenceVerifier {

    static final String FORMAT = "casebridge-evidence/1";
    static final String MANIFEST = "manifest.json";
    static final String MANIFEST_JWS = "manifest.jws";

    private final EvidenceArchive archive;
    private final TrustedKeys trusted;
    private final Report report;
    private final boolean strict;

    EvidenceVerifier(EvidenceArchive archive, TrustedKeys trusted, Report report, boolean strict) {
        this.archive = archive;
        this.trusted = trusted;
        this.report = report;
        this.strict = strict;
    }

    void verify() {
        Signatures signatures = new Signatures(trusted);
        JsonNode manifest = manifest(signatures);
        if (manifest == null) {
            return;
        }
        String handoffId = manifest.get("handoffId").asString();
        report.note("case " + handoffId + ", exported " + manifest.path("exportedAt").asString()
                + " by gateway " + manifest.path("gateway").asString());
        files(manifest);
        new CaseCheck(archive, signatures, report, handoffId).verify(manifest.path("attachmentContent").asBoolean(false));
        new ChainProofCheck(archive, signatures, report, handoffId, strict).verify();
    }

    private JsonNode manifest(Signatures signatures) {
        try {
            byte[] bytes = archive.read(MANIFEST);
            String jws = new String(archive.read(MANIFEST_JWS), StandardCharsets.US_ASCII);
            Signatures.VerifiedJws verified = signatures.jwsOver(jws, bytes);
            JsonNode manifest = Json.object(bytes, MANIFEST);
            if (!FORMAT.equals(manifest.path("format").asString(null))) {
                throw new Invalid("format is " + manifest.path("format") + ", this verifier reads " + FORMAT);
            }
            Json.text(manifest, "handoffId", MANIFEST);
            if (!manifest.path("files").isArray()) {
                throw new Invalid("manifest lists no files");
            }
            report.ok("manifest signature", "manifest.jws signed by key " + verified.kid() + " over manifest.json");
            return manifest;
        } catch (Invalid e) {
            report.fail("manifest signature", e.getMessage());
            return null;
        }
    }

    /** Every listed file present with its digest and size, and nothing in the archive that is not listed. */
    private void files(JsonNode manifest) {
        Map<String, JsonNode> listed = new HashMap<>();
        int bad = 0;
        for (JsonNode file : manifest.get("files")) {
            String path = file.path("path").asString(null);
            if (path == null || listed.put(path, file) != null) {
                report.fail("manifest files", "the manifest lists " + path + " twice or without a path");
                bad++;
                continue;
            }
            try {
                EvidenceArchive.Digest digest = archive.digest(path);
                String expected = file.path("sha256").asString("");
                if (!digest.sha256().equals(expected) || digest.size() != file.path("size").asLong(-1)) {
                    throw new Invalid(path + " has SHA-256 " + digest.sha256() + " and " + digest.size()
                            + " bytes; the manifest says " + expected + " and " + file.path("size"));
                }
            } catch (Invalid e) {
                report.fail("manifest files", e.getMessage());
                bad++;
            }
        }
        for (String path : archive.paths()) {
            if (!path.equals(MANIFEST) && !path.equals(MANIFEST_JWS) && !listed.containsKey(path)) {
                report.fail("manifest files", path + " is in the archive but not in the manifest");
                bad++;
            }
        }
        if (bad == 0) {
            report.ok("manifest files", listed.size() + " files, each with the SHA-256 and size the manifest lists, and no other");
        }
    }
}
