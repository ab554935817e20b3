package org.casebridge.gateway.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.gateway.receipts.SignedRecords;
import org.casebridge.gateway.tracking.HandoffViews.EventView;
import org.casebridge.gateway.tracking.HandoffViews.HandoffDetail;
import org.casebridge.gateway.tracking.HandoffViews.MessageView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Every message, receipt and state change of a handoff in one line of time. At the same instant a
 * message comes before its transport receipt, and both before the state change they cause.
 */
@Component
class Timeline {

    private final SignedRecords records;

    Timeline(SignedRecords records) {
        this.records = records;
    }

    /** One entry; exactly one of message, receipt and event is set, as kind says. */
    public record Item(String kind, String signatureId, Instant at, int rank, MessageView message, ReceiptEntry receipt,
            EventView event) {
    }

    /**
     * A receipt as the timeline shows it.
     *
     * @param kind       TRANSPORT or DELIVERY
     * @param recipients who it attests reached (delivery) or was addressed (transport)
     */
    public record ReceiptEntry(String receiptId, String kind, String messageId, String messageType, List<String> recipients,
            String acknowledgedBy, String deliveryMode, Instant issuedAt) {
    }

    List<Item> of(HandoffDetail handoff) {
        List<Item> items = new ArrayList<>();
        for (MessageView message : handoff.messages()) {
            items.add(new Item("message", signatureId("message", message.messageId()), message.receivedAt(), 0, message, null, null));
            for (SignedRecords.StoredReceipt stored : records.receiptsOf(message.messageId())) {
                ReceiptEntry receipt = entry(stored, message.messageId());
                items.add(new Item("receipt", signatureId("receipt", stored.receiptId()), stored.issuedAt(),
                        stored.kind().equals("TRANSPORT") ? 1 : 2, null, receipt, null));
            }
        }
        for (EventView event : handoff.events()) {
            items.add(new Item("event", signatureId("event", Integer.toString(event.seq())), event.at(), 3, null, null, event));
        }
        items.sort(Comparator.comparing(Item::at).thenComparingInt(Item::rank));
        return items;
    }

    /**
     * An element id for a signature badge, the same whichever request renders it and unique on the
     * page: any character outside [A-Za-z0-9-] is written as _hex_, so "m.1" and "m_1" stay apart.
     */
    static String signatureId(String kind, String key) {
        StringBuilder id = new StringBuilder("sig-").append(kind).append('-');
        key.codePoints().forEach(c -> {
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '-')) {
                id.appendCodePoint(c);
            } else {
                id.append('_').append(Integer.toHexString(c)).append('_');
            }
        });
        return id.toString();
    }

    private static ReceiptEntry entry(SignedRecords.StoredReceipt stored, String messageId) {
        JsonNode json = ContractJson.mapper().readTree(stored.canonicalJson());
        List<String> recipients = new ArrayList<>();
        if (json.hasNonNull("recipient")) {
            JsonNode recipient = json.get("recipient");
            if (recipient.isArray()) {
                recipient.forEach(r -> recipients.add(r.asString()));
            } else {
                recipients.add(recipient.asString());
            }
        }
        if (json.has("recipients")) {
            json.get("recipients").forEach(r -> recipients.add(r.asString()));
        }
        return new ReceiptEntry(stored.receiptId(), stored.kind(), messageId, text(json, "messageType"), recipients,
                text(json, "acknowledgedBy"), text(json, "deliveryMode"), stored.issuedAt());
    }

    private static String text(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asString() : null;
    }
}
