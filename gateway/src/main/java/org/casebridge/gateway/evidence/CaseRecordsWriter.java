package org.casebridge.gateway.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.codec.CanonicalJson;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.Handoff;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.archive.UnreadableRecord;
import org.casebridge.gateway.attachments.AttachmentService;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.lifecycle.RecordedEvent;
import org.casebridge.gateway.receipts.SignedRecords;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes what the case consists of: its summary, its signed lifecycle events, and per message the
 * stored form, seal and receipts exactly as signed, with the attachments' digests (and content
 * when asked for). Messages are read one at a time.
 */
@Component
class CaseRecordsWriter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CaseRecordsWriter.class);

    static final String HANDOFF = "handoff.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageArchive archive;
    private final Lifecycle lifecycle;
    private final SignedRecords signed;
    private final AttachmentService attachments;

    CaseRecordsWriter(MessageArchive archive, Lifecycle lifecycle, SignedRecords signed, AttachmentService attachments) {
        this.archive = archive;
        this.lifecycle = lifecycle;
        this.signed = signed;
        this.attachments = attachments;
    }

    void write(Handoff handoff, boolean includeContent, EvidenceZip zip) throws IOException {
        ObjectNode summary = JSON.createObjectNode()
                .put("handoffId", handoff.handoffId())
                .put("profile", handoff.profile())
                .put("openedBy", handoff.openedBy())
                .put("openedAt", handoff.openedAt().toString())
                .put("state", lifecycle.state(handoff.handoffId()).map(Enum::name).orElse(null));
        ArrayNode parties = summary.putArray("parties");
        handoff.parties().stream().sorted().forEach(parties::add);

        ArrayNode events = summary.putArray("events");
        for (RecordedEvent event : lifecycle.history(handoff.handoffId())) {
            String path = "lifecycle/events/%04d.json".formatted(event.seq());
            zip.add(path, signedDocument("event", event.canonicalJson(), event.jws()));
            events.addObject().put("seq", event.seq()).put("event", event.event().name()).put("to", event.to().name())
                    .put("path", path);
        }

        ArrayNode messages = summary.putArray("messages");
        List<String> ids = archive.messageIdsOf(handoff.handoffId());
        java.util.Set<String> contentWritten = new java.util.HashSet<>();
        ArrayNode unreadable = null;
        for (int i = 0; i < ids.size(); i++) {
            ArchivedMessage message;
            try {
                message = archive.find(ids.get(i)).orElseThrow();
            } catch (UnreadableRecord problem) {
                // The rest of the case is still exported; the manifest says what is missing and why.
                log.error("Evidence export of handoff {}: message {} left out: {}", handoff.handoffId(), ids.get(i),
                        problem.getMessage(), problem);
                if (unreadable == null) {
                    unreadable = summary.putArray("unreadableMessages");
                }
                unreadable.addObject().put("messageId", ids.get(i)).put("problem", problem.getMessage());
                continue;
            }
            String folder = "messages/%03d-%s/".formatted(i + 1, safe(message.messageId()));
            messages.add(writeMessage(message, folder, includeContent, contentWritten, zip));
        }
        zip.add(HANDOFF, CanonicalJson.text(summary));
    }

    private ObjectNode writeMessage(ArchivedMessage message, String folder, boolean includeContent,
            java.util.Set<String> contentWritten, EvidenceZip zip) throws IOException {
        ObjectNode entry = JSON.createObjectNode()
                .put("messageId", message.messageId())
                .put("type", message.type().name())
                .put("sender", message.sender())
                .put("recipient", message.recipient())
                .put("inReplyTo", message.inReplyTo())
                .put("receivedAt", message.receivedAt().toString())
                .put("sha256", message.canonicalSha256())
                .put("folder", folder);
        ArrayNode copies = entry.putArray("copies");
        message.copies().forEach(copies::add);

        zip.add(folder + "message.json", message.canonicalJson());
        var seal = signed.sealOf(message.messageId());
        if (seal.isPresent() && seal.get().jws() != null) {
            zip.add(folder + "seal.jws", seal.get().jws());
        }
        if (seal.isPresent() && seal.get().signedXml() != null) {
            zip.add(folder + "seal.xml", seal.get().signedXml());
        }
        for (SignedRecords.StoredReceipt receipt : signed.receiptsOf(message.messageId())) {
            String base = receipt.kind().equals("TRANSPORT") ? folder + "transport-receipt"
                    : folder + "delivery-receipts/" + safe(receipt.receiptId());
            zip.add(base + ".json", signedDocument("receipt", receipt.canonicalJson(), receipt.jws()));
            if (receipt.signedXml() != null) {
                zip.add(base + ".xml", receipt.signedXml());
            }
        }

        ArrayNode listed = JSON.createArrayNode();
        for (ArchivedMessage.AttachmentLink link : message.attachments()) {
            ObjectNode attachment = listed.addObject().put("name", link.name()).put("mediaType", link.mediaType())
                    .put("size", link.size()).put("sha256", link.sha256());
            if (includeContent) {
                String path = "attachments/" + link.sha256();
                if (contentWritten.contains(link.sha256()) || writeContent(link.sha256(), path, zip)) {
                    contentWritten.add(link.sha256());
                    attachment.put("content", path);
                } else {
                    attachment.put("content", (String) null).put("contentMissing", true);
                }
            }
        }
        zip.add(folder + "attachments.json", CanonicalJson.text(listed));
        return entry;
    }

    private boolean writeContent(String sha256, String path, EvidenceZip zip) throws IOException {
        AttachmentSource source;
        try {
            source = attachments.source(sha256);
        } catch (GatewayRejection missing) {
            return false;
        }
        try (InputStream in = source.open()) {
            zip.addContent(path, in);
        }
        return true;
    }

    /** {@code {"<name>": <canonical JSON>, "jws": "..."}}: the form the gateway hands out, which any JOSE library checks. */
    private static String signedDocument(String name, String canonicalJson, String jws) {
        return "{\"" + name + "\":" + canonicalJson + ",\"jws\":\"" + jws + "\"}";
    }

    /** Ids may hold ':'; keep archive paths portable. */
    static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
