package org.casebridge.gateway.receipts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the gateway has signed about a message, exactly as stored: never signs anything on the
 * way (an XML form that was never asked for stays absent), so a read changes nothing.
 */
@Service
public class SignedRecords {

    private final JdbcClient jdbc;

    SignedRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The message's transport receipt first, then its delivery receipts in the order issued. */
    public List<StoredReceipt> receiptsOf(String messageId) {
        return jdbc.sql("""
                        SELECT receipt_id, kind, dispatch_id, issued_at, canonical_json, jws, signed_xml FROM receipt
                        WHERE message_id = ? ORDER BY kind DESC, issued_at, receipt_id""")
                .param(messageId)
                .query((rs, n) -> new StoredReceipt(rs.getString("receipt_id"), rs.getString("kind"), rs.getString("dispatch_id"),
                        rs.getTimestamp("issued_at").toInstant(), rs.getString("canonical_json"), rs.getString("jws"),
                        rs.getString("signed_xml")))
                .list();
    }

    /** The seal on a message, if it was ever delivered. */
    public Optional<StoredSeal> sealOf(String messageId) {
        return jdbc.sql("SELECT jws, signed_xml FROM seal WHERE message_id = ?")
                .param(messageId)
                .query((rs, n) -> new StoredSeal(rs.getString("jws"), rs.getString("signed_xml")))
                .optional();
    }

    /**
     * A receipt as stored.
     *
     * @param kind      TRANSPORT or DELIVERY
     * @param signedXml the enveloped XML-DSig form; null if nobody asked for XML
     */
    public record StoredReceipt(String receiptId, String kind, String dispatchId, Instant issuedAt, String canonicalJson,
            String jws, String signedXml) {
    }

    /** The seal's forms; either may be null. */
    public record StoredSeal(String jws, String signedXml) {
    }
}
