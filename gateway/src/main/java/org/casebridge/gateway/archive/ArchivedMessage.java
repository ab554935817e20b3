package org.casebridge.gateway.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.MessageType;

/**
 * A message as the gateway accepted it.
 *
 * @param canonicalJson RFC 8785 canonical JSON of the message; the digest and signatures cover these bytes
 * @param receivedBy    the gateway node that accepted it
 */
public record ArchivedMessage(
        String messageId,
        String handoffId,
        String inReplyTo,
        MessageType type,
        String profile,
        String sender,
        String recipient,
        List<String> copies,
        OffsetDateTime sentAt,
        Instant receivedAt,
        String receivedBy,
        String canonicalSha256,
        byte[] canonicalJson,
        List<AttachmentLink> attachments) {

    public ArchivedMessage {
        copies = List.copyOf(copies);
        attachments = List.copyOf(attachments);
    }

    /** Agencies that receive this message: the recipient, then copies, without the sender or repeats. */
    public List<String> recipients() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        all.add(recipient);
        all.addAll(copies);
        all.remove(sender);
        return List.copyOf(all);
    }

    /** @throws UnreadableRecord if the stored JSON no longer binds to the contract */
    public Message decode() {
        try {
            return ContractJson.fromTree(ContractJson.mapper().readTree(new String(canonicalJson, StandardCharsets.UTF_8)),
                    Message.class);
        } catch (tools.jackson.core.JacksonException | java.time.DateTimeException e) {
            throw new UnreadableRecord(messageId, "its canonical JSON does not bind to the contract: " + e.getMessage(), e);
        }
    }

    /** An attachment named by a message. */
    public record AttachmentLink(String sha256, String name, String mediaType, long size) {
    }
}
