package org.casebridge.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.v1.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Messages for tests, made from the contract's own examples with fresh ids. */
public final class Messages {

    private static final java.time.format.DateTimeFormatter SENT_AT =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private Messages() {
    }

    /** An example from contracts/src/main/resources/casebridge/v1/examples, as JSON. */
    public static ObjectNode example(String name) {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream("casebridge/v1/examples/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            ObjectNode message = (ObjectNode) ContractJson.mapper().readTree(in);
            // Formatted with seconds always: OffsetDateTime.toString() leaves ":00" out, which RFC 3339 refuses.
            message.put("sentAt", SENT_AT.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS).minusSeconds(5)));
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode referral(String handoffId, String messageId) {
        ObjectNode message = example("referral-submit");
        message.put("handoffId", handoffId).put("messageId", messageId);
        return message;
    }

    public static ObjectNode reply(String example, String handoffId, String messageId, String inReplyTo) {
        ObjectNode message = example(example);
        message.put("handoffId", handoffId).put("messageId", messageId).put("inReplyTo", inReplyTo);
        return message;
    }

    /** Replaces the attachments and everything in the documents that points to them. */
    public static ObjectNode withAttachment(ObjectNode message, String name, String mediaType, long size, String sha256) {
        ArrayNode attachments = message.putArray("attachments");
        attachments.addObject().put("name", name).put("mediaType", mediaType).put("size", size).put("sha256", sha256);
        for (JsonNode holder : message.findParents("attachmentSha256")) {
            ((ObjectNode) holder).put("attachmentSha256", sha256);
        }
        return message;
    }

    public static ObjectNode withoutAttachments(ObjectNode message) {
        message.remove("attachments");
        for (JsonNode holder : message.findParents("attachmentSha256")) {
            ((ObjectNode) holder).remove("attachmentSha256");
        }
        return message;
    }

    public static Message toModel(JsonNode json) {
        return ContractJson.fromTree(json, Message.class);
    }
}
