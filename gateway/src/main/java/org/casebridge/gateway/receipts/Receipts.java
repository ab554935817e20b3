package org.casebridge.gateway.receipts;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.AttachmentDigest;
import org.casebridge.contracts.v1.DeadlineWarning;
import org.casebridge.contracts.v1.DeliveryReceipt;
import org.casebridge.contracts.v1.SealedMessage;
import org.casebridge.contracts.v1.TransportReceipt;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.audit.AuditDetails;
import org.casebridge.gateway.audit.AuditKind;
import org.casebridge.gateway.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Issues, stores and hands out the gateway's signed documents. The JSON form is signed when a
 * receipt is issued; the XML form when it is first asked for. Both attest the same facts.
 */
@Service
public class Receipts {

    private final JdbcClient jdbc;
    private final JwsSigner jws;
    private final XmlSigner xml;
    private final Clock clock;
    private final String gateway;
    private final AuditLog audit;

    Receipts(JdbcClient jdbc, JwsSigner jws, XmlSigner xml, Clock clock, GatewayProperties properties, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.jws = jws;
        this.xml = xml;
        this.clock = clock;
        this.gateway = properties.receivingGateway();
    }

    /** Issues the transport receipt of a message just stored; joins the caller's transaction. */
    public SignedDocument issueTransport(ArchivedMessage message, Encoding encoding) {
        TransportReceipt receipt = new TransportReceipt();
        receipt.setReceiptId(UUID.randomUUID().toString());
        receipt.setMessageId(message.messageId());
        receipt.setHandoffId(message.handoffId());
        receipt.setMessageType(message.type());
        receipt.setSender(message.sender());
        receipt.getRecipients().addAll(message.recipients());
        receipt.setMessageSha256(message.canonicalSha256());
        for (ArchivedMessage.AttachmentLink link : message.attachments()) {
            AttachmentDigest digest = new AttachmentDigest();
            digest.setName(link.name());
            digest.setSize(link.size());
            digest.setSha256(link.sha256());
            receipt.getAttachments().add(digest);
        }
        receipt.setReceivedAt(OffsetDateTime.ofInstant(message.receivedAt(), ZoneOffset.UTC));
        receipt.setGateway(gateway);
        receipt.setStatus("ACCEPTED");
        return store("TRANSPORT", receipt.getReceiptId(), message.messageId(), message.handoffId(), null, message.receivedAt(),
                receipt, encoding);
    }

    /** Issues the delivery receipt of an acknowledged dispatch; joins the caller's transaction. */
    public IssuedReceipt issueDelivery(DeliveryFacts facts) {
        DeliveryReceipt receipt = new DeliveryReceipt();
        receipt.setReceiptId(UUID.randomUUID().toString());
        receipt.setMessageId(facts.message().messageId());
        receipt.setHandoffId(facts.message().handoffId());
        receipt.setMessageType(facts.message().type());
        receipt.setSender(facts.message().sender());
        receipt.setRecipient(facts.recipient());
        receipt.setDispatchId(facts.dispatchId());
        receipt.setMessageSha256(facts.message().canonicalSha256());
        receipt.setDeliveryMode(facts.mode());
        receipt.setAcknowledgedAt(OffsetDateTime.ofInstant(facts.acknowledgedAt(), ZoneOffset.UTC));
        receipt.setAcknowledgedBy(facts.acknowledgedBy());
        receipt.setGateway(gateway);
        receipt.setStatus("DELIVERED");
        store("DELIVERY", receipt.getReceiptId(), facts.message().messageId(), facts.message().handoffId(), facts.dispatchId(),
                clock.instant(), receipt, Encoding.JSON);
        return new IssuedReceipt(receipt.getReceiptId());
    }

    public SignedDocument transportReceipt(String messageId, Encoding encoding) {
        String receiptId = jdbc.sql("SELECT receipt_id FROM receipt WHERE message_id = ? AND kind = 'TRANSPORT'")
                .param(messageId).query(String.class).single();
        return receipt(receiptId, encoding);
    }

    public List<SignedDocument> deliveryReceipts(String messageId, Encoding encoding) {
        return jdbc.sql("SELECT receipt_id FROM receipt WHERE message_id = ? AND kind = 'DELIVERY' ORDER BY issued_at, receipt_id")
                .param(messageId).query(String.class).list().stream()
                .map(id -> receipt(id, encoding))
                .toList();
    }

    /** The delivery receipt issued for a dispatch, if its recipient has acknowledged it. */
    public java.util.Optional<SignedDocument> deliveryReceiptOf(String dispatchId, Encoding encoding) {
        return jdbc.sql("SELECT receipt_id FROM receipt WHERE dispatch_id = ?")
                .param(dispatchId).query(String.class).optional()
                .map(id -> receipt(id, encoding));
    }

    public SignedDocument receipt(String receiptId, Encoding encoding) {
        StoredReceipt stored = jdbc.sql("SELECT kind, canonical_json, jws, signed_xml FROM receipt WHERE receipt_id = ?")
                .param(receiptId)
                .query((rs, n) -> new StoredReceipt(rs.getString("kind"), rs.getString("canonical_json"),
                        rs.getString("jws"), rs.getString("signed_xml")))
                .single();
        if (encoding == Encoding.JSON) {
            return SignedDocument.json(stored.canonicalJson().getBytes(StandardCharsets.UTF_8), stored.jws());
        }
        if (stored.signedXml() != null) {
            return SignedDocument.xml(stored.signedXml().getBytes(StandardCharsets.UTF_8));
        }
        Class<?> type = stored.kind().equals("TRANSPORT") ? TransportReceipt.class : DeliveryReceipt.class;
        Object receipt = ContractJson.fromTree(ContractJson.mapper().readTree(stored.canonicalJson()), type);
        String signed = new String(xml.sign(ContractXml.toDocument(receipt)), StandardCharsets.UTF_8);
        jdbc.sql("UPDATE receipt SET signed_xml = ? WHERE receipt_id = ? AND signed_xml IS NULL")
                .params(signed, receiptId).update();
        return receipt(receiptId, Encoding.XML);
    }

    /** Signs and keeps a deadline warning; joins the caller's transaction. */
    public void issueWarning(DeadlineWarning warning) {
        byte[] canonical = ContractJson.canonicalBytes(warning);
        jdbc.sql("INSERT INTO warning_document (warning_id, canonical_json, jws) VALUES (?, ?, ?)")
                .params(warning.getWarningId(), new String(canonical, StandardCharsets.UTF_8), jws.signReceipt(canonical))
                .update();
    }

    /** A deadline warning in one encoding; the XML form is signed when first asked for. */
    public SignedDocument warning(String warningId, Encoding encoding) {
        String[] stored = jdbc.sql("SELECT canonical_json, jws, signed_xml FROM warning_document WHERE warning_id = ?")
                .param(warningId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .single();
        if (encoding == Encoding.JSON) {
            return SignedDocument.json(stored[0].getBytes(StandardCharsets.UTF_8), stored[1]);
        }
        if (stored[2] == null) {
            DeadlineWarning warning = ContractJson.fromTree(ContractJson.mapper().readTree(stored[0]), DeadlineWarning.class);
            String signed = new String(xml.sign(ContractXml.toDocument(warning)), StandardCharsets.UTF_8);
            jdbc.sql("UPDATE warning_document SET signed_xml = ? WHERE warning_id = ? AND signed_xml IS NULL").params(signed, warningId).update();
            return warning(warningId, Encoding.XML);
        }
        return SignedDocument.xml(stored[2].getBytes(StandardCharsets.UTF_8));
    }

    /** Signs a record of the gateway's own, such as a lifecycle event, given as RFC 8785 canonical JSON. */
    public String signEvent(byte[] canonicalJson) {
        return jws.signEvent(canonicalJson);
    }

    /** The gateway's seal on a message, signed once per encoding and kept. */
    public SignedDocument seal(ArchivedMessage message, Encoding encoding) {
        String column = encoding == Encoding.JSON ? "jws" : "signed_xml";
        String existing = jdbc.sql("SELECT " + column + " FROM seal WHERE message_id = ?")
                .param(message.messageId()).query(String.class).optional().orElse(null);
        if (existing == null) {
            String signed;
            if (encoding == Encoding.JSON) {
                signed = jws.signMessage(message.canonicalJson());
            } else {
                SealedMessage sealed = new SealedMessage();
                sealed.setMessage(message.decode());
                signed = new String(xml.sign(ContractXml.toDocument(sealed)), StandardCharsets.UTF_8);
            }
            jdbc.sql("INSERT INTO seal (message_id, " + column + ") VALUES (?, ?) "
                            + "ON CONFLICT (message_id) DO UPDATE SET " + column + " = COALESCE(seal." + column + ", EXCLUDED." + column + ")")
                    .params(message.messageId(), signed).update();
            existing = jdbc.sql("SELECT " + column + " FROM seal WHERE message_id = ?")
                    .param(message.messageId()).query(String.class).single();
        }
        return encoding == Encoding.JSON
                ? SignedDocument.json(message.canonicalJson(), existing)
                : SignedDocument.xml(existing.getBytes(StandardCharsets.UTF_8));
    }

    private SignedDocument store(String kind, String receiptId, String messageId, String handoffId, String dispatchId,
            Instant issuedAt, Object receipt, Encoding encoding) {
        byte[] canonical = ContractJson.canonicalBytes(receipt);
        String signature = jws.signReceipt(canonical);
        String signedXml = encoding == Encoding.XML
                ? new String(xml.sign(ContractXml.toDocument(receipt)), StandardCharsets.UTF_8)
                : null;
        jdbc.sql("""
                        INSERT INTO receipt (receipt_id, kind, message_id, dispatch_id, issued_at, canonical_json, jws, signed_xml)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(receiptId, kind, messageId, dispatchId, Timestamp.from(issuedAt),
                        new String(canonical, StandardCharsets.UTF_8), signature, signedXml)
                .update();
        audit.append(AuditKind.RECEIPT_ISSUED, AuditLog.GATEWAY, "receipt:" + receiptId, handoffId, AuditDetails.of()
                .with("receiptId", receiptId).with("kind", kind).with("messageId", messageId).with("dispatchId", dispatchId)
                .with("jwsSha256", AuditDetails.sha256(signature)));
        return encoding == Encoding.JSON
                ? SignedDocument.json(canonical, signature)
                : SignedDocument.xml(signedXml.getBytes(StandardCharsets.UTF_8));
    }

    /** A receipt just issued. */
    public record IssuedReceipt(String receiptId) {
    }

    private record StoredReceipt(String kind, String canonicalJson, String jws, String signedXml) {
    }
}
