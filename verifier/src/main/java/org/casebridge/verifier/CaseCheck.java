package org.casebridge.verifier;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The case's own documents: signed lifecycle events, and per message its stored form, seal and
 * receipts, each receipt naming this message and its digest, and attachment content matching
 * its digest when included.
 */
final class CaseCheck {

    private final EvidenceArchive archive;
    private final Signatures signatures;
    private final Report report;
    private final String handoffId;

    CaseCheck(EvidenceArchive archive, Signatures signatures, Report report, String handoffId) {
        this.archive = archive;
        this.signatures = signatures;
        this.report = report;
        this.handoffId = handoffId;
    }

    void verify(boolean contentIncluded) {
        JsonNode summary;
        try {
            summary = Json.object(archive.read("handoff.json"), "handoff.json");
            if (!handoffId.equals(summary.path("handoffId").asString(null))) {
                throw new Invalid("handoff.json describes " + summary.path("handoffId") + ", the manifest " + handoffId);
            }
            report.ok("handoff summary", summary.path("messages").size() + " messages, state " + summary.path("state").asString(""));
        } catch (Invalid e) {
            report.fail("handoff summary", e.getMessage());
            return;
        }
        events();
        Set<String> folders = new LinkedHashSet<>();
        for (JsonNode message : summary.path("messages")) {
            String folder = message.path("folder").asString("");
            folders.add(folder);
            message(message, folder);
        }
        for (String path : archive.under("messages/")) {
            String folder = path.substring(0, path.indexOf('/', "messages/".length()) + 1);
            if (folders.add(folder)) {
                report.fail("messages", folder + " is in the archive but not among the case's messages in handoff.json");
            }
        }
        if (contentIncluded) {
            report.note("attachment content is included and checked against its digests");
        } else {
            report.note("attachment content is not included (export with ?attachments=include to carry it); digests only");
        }
    }

    private void events() {
        List<String> paths = archive.under("lifecycle/events/");
        String kid = null;
        try {
            for (String path : paths) {
                SignedJson.Verified event = verifySigned(path, "event");
                if (!handoffId.equals(event.object().path("handoffId").asString(null))) {
                    throw new Invalid(path + " is an event of " + event.object().path("handoffId"));
                }
                kid = event.kid();
            }
            report.ok("lifecycle events", paths.size() + " events, each signed" + (kid == null ? "" : " (key " + kid + ")"));
        } catch (Invalid e) {
            report.fail("lifecycle events", e.getMessage());
        }
    }

    private void message(JsonNode entry, String folder) {
        String messageId = entry.path("messageId").asString("");
        String check = "message " + messageId;
        byte[] stored;
        String sha256;
        try {
            stored = archive.read(folder + "message.json");
            sha256 = EvidenceArchive.sha256Hex(stored);
            JsonNode message = Json.object(stored, folder + "message.json");
            if (!messageId.equals(message.path("messageId").asString(null)) || !handoffId.equals(message.path("handoffId").asString(null))) {
                throw new Invalid(folder + "message.json is message " + message.path("messageId") + " of " + message.path("handoffId"));
            }
            if (!sha256.equals(entry.path("sha256").asString(""))) {
                throw new Invalid(folder + "message.json has SHA-256 " + sha256 + ", handoff.json says " + entry.path("sha256").asString(""));
            }
            report.ok(check, "stored form, SHA-256 " + sha256);
        } catch (Invalid e) {
            report.fail(check, e.getMessage());
            return;
        }
        seal(check, folder, stored, messageId);
        List<JsonNode> attachments = attachments(check, folder);
        String transport = folder + "transport-receipt.json";
        if (!archive.has(transport)) {
            report.fail(check + " transport receipt", transport + " is missing");
        } else {
            receipt(check + " transport receipt", transport, messageId, sha256, attachments);
        }
        for (String path : archive.under(folder + "delivery-receipts/")) {
            if (path.endsWith(".json")) {
                receipt(check + " delivery receipt", path, messageId, sha256, null);
            }
        }
        for (String path : archive.under(folder)) {
            if (path.endsWith("-receipt.xml") || path.startsWith(folder + "delivery-receipts/") && path.endsWith(".xml")) {
                xmlReceipt(check + " XML receipt", path, messageId, sha256);
            }
        }
    }

    private void seal(String check, String folder, byte[] stored, String messageId) {
        if (archive.has(folder + "seal.jws")) {
            try {
                var verified = signatures.jwsOver(archive.text(folder + "seal.jws"), stored);
                report.ok(check + " seal", "seal.jws signed by key " + verified.kid() + " over message.json");
            } catch (Invalid e) {
                report.fail(check + " seal", folder + "seal.jws: " + e.getMessage());
            }
        }
        if (archive.has(folder + "seal.xml")) {
            try {
                Signatures.SignedXml xml = signatures.xml(archive.read(folder + "seal.xml"));
                if (!messageId.equals(xml.text("messageId"))) {
                    throw new Invalid("the sealed XML is message " + xml.text("messageId"));
                }
                report.ok(check + " XML seal", "seal.xml XML-DSig by key " + xml.kid());
            } catch (Invalid e) {
                report.fail(check + " XML seal", folder + "seal.xml: " + e.getMessage());
            }
        }
    }

    private List<JsonNode> attachments(String check, String folder) {
        List<JsonNode> listed = new ArrayList<>();
        try {
            JsonNode attachments = Json.parse(archive.read(folder + "attachments.json"), folder + "attachments.json");
            for (JsonNode attachment : attachments) {
                listed.add(attachment);
                String content = attachment.path("content").asString(null);
                if (content != null) {
                    EvidenceArchive.Digest digest = archive.digest(content);
                    if (!digest.sha256().equals(attachment.path("sha256").asString("")) || digest.size() != attachment.path("size").asLong(-1)) {
                        throw new Invalid(content + " has SHA-256 " + digest.sha256() + " and " + digest.size()
                                + " bytes, not those of " + attachment.path("name").asString(""));
                    }
                } else if (attachment.path("contentMissing").asBoolean(false)) {
                    report.warn(check + " attachments", attachment.path("name").asString("") + ": the gateway no longer holds its content");
                }
            }
            if (!listed.isEmpty()) {
                report.ok(check + " attachments", listed.size() + " named by SHA-256"
                        + (listed.stream().anyMatch(a -> a.has("content") && !a.get("content").isNull()) ? ", content matches" : ""));
            }
        } catch (Invalid e) {
            report.fail(check + " attachments", e.getMessage());
        }
        return listed;
    }

    private void receipt(String check, String path, String messageId, String sha256, List<JsonNode> attachments) {
        try {
            SignedJson.Verified verified = verifySigned(path, "receipt");
            JsonNode receipt = verified.object();
            requireSame(path, "messageId", receipt.path("messageId").asString(null), messageId);
            requireSame(path, "handoffId", receipt.path("handoffId").asString(null), handoffId);
            requireSame(path, "messageSha256", receipt.path("messageSha256").asString(null), sha256);
            if (attachments != null) {
                List<String> signed = new ArrayList<>();
                receipt.path("attachments").forEach(a -> signed.add(a.path("sha256").asString("") + "/" + a.path("size").asLong(-1)));
                List<String> shown = new ArrayList<>();
                attachments.forEach(a -> shown.add(a.path("sha256").asString("") + "/" + a.path("size").asLong(-1)));
                if (!signed.equals(shown)) {
                    throw new Invalid(path + " attests attachments " + signed + ", the message lists " + shown);
                }
            }
            report.ok(check, path.substring(path.lastIndexOf('/') + 1) + " signed by key " + verified.kid()
                    + ", message digest matches" + (receipt.has("recipient") ? ", recipient " + receipt.get("recipient").asString() : ""));
        } catch (Invalid e) {
            report.fail(check, e.getMessage());
        }
    }

    private void xmlReceipt(String check, String path, String messageId, String sha256) {
        try {
            Signatures.SignedXml xml = signatures.xml(archive.read(path));
            requireSame(path, "messageId", xml.text("messageId"), messageId);
            requireSame(path, "messageSha256", xml.text("messageSha256"), sha256);
            report.ok(check, path.substring(path.lastIndexOf('/') + 1) + " XML-DSig by key " + xml.kid() + ", message digest matches");
        } catch (Invalid e) {
            report.fail(check, e.getMessage());
        }
    }

    private SignedJson.Verified verifySigned(String path, String name) throws Invalid {
        try {
            return SignedJson.verify(archive, path, name, signatures);
        } catch (Invalid e) {
            throw e.getMessage().startsWith(path) ? e : new Invalid(path + ": " + e.getMessage());
        }
    }

    private static void requireSame(String path, String field, String actual, String expected) throws Invalid {
        if (!expected.equals(actual)) {
            throw new Invalid(path + " has " + field + " " + actual + ", expected " + expected);
        }
    }
}
