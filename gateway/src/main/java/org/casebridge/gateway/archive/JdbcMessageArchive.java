package org.casebridge.gateway.archive;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.casebridge.contracts.v1.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcMessageArchive implements MessageArchive {

    private static final Logger log = LoggerFactory.getLogger(JdbcMessageArchive.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    JdbcMessageArchive(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    @Override
    public Optional<ArchivedMessage> find(String messageId) {
        return jdbc.sql("SELECT * FROM message WHERE message_id = ?")
                .param(messageId)
                .query((rs, n) -> toMessage(rs))
                .optional();
    }

    @Override
    public Optional<Handoff> handoff(String handoffId) {
        return jdbc.sql("SELECT * FROM handoff WHERE handoff_id = ?")
                .param(handoffId)
                .query((rs, n) -> new Handoff(rs.getString("handoff_id"), rs.getString("profile"),
                        rs.getString("opened_by"), rs.getTimestamp("opened_at").toInstant(),
                        new HashSet<>(jdbc.sql("SELECT agency_id FROM handoff_party WHERE handoff_id = ?")
                                .param(handoffId).query(String.class).list())))
                .optional();
    }

    @Override
    public boolean openHandoff(ArchivedMessage opening) {
        int opened = jdbc.sql("""
                        INSERT INTO handoff (handoff_id, profile, opened_by, opened_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (handoff_id) DO NOTHING""")
                .params(opening.handoffId(), opening.profile(), opening.messageId(), Timestamp.from(opening.receivedAt()))
                .update();
        return opened == 1;
    }

    @Override
    public boolean store(ArchivedMessage m) {
        int stored = jdbc.sql("""
                        INSERT INTO message (message_id, handoff_id, in_reply_to, type, profile, sender_agency,
                            recipient_agency, sent_at, received_at, received_by, canonical_sha256, canonical_json)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (message_id) DO NOTHING""")
                .params(m.messageId(), m.handoffId(), m.inReplyTo(), m.type().name(), m.profile(), m.sender(),
                        m.recipient(), m.sentAt(), Timestamp.from(m.receivedAt()), m.receivedBy(),
                        m.canonicalSha256(), new String(m.canonicalJson(), StandardCharsets.UTF_8))
                .update();
        if (stored == 0) {
            return false;
        }
        List<Object[]> parties = new ArrayList<>();
        parties.add(new Object[] {m.messageId(), m.sender(), "SENDER"});
        parties.add(new Object[] {m.messageId(), m.recipient(), "RECIPIENT"});
        for (String copy : m.copies()) {
            parties.add(new Object[] {m.messageId(), copy, "COPY"});
        }
        batches.batchUpdate("INSERT INTO message_party (message_id, agency_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                parties);
        batches.batchUpdate("INSERT INTO handoff_party (handoff_id, agency_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                parties.stream().map(p -> new Object[] {m.handoffId(), p[1]}).toList());
        if (!m.attachments().isEmpty()) {
            List<Object[]> links = new ArrayList<>();
            for (int i = 0; i < m.attachments().size(); i++) {
                ArchivedMessage.AttachmentLink a = m.attachments().get(i);
                links.add(new Object[] {m.messageId(), i, a.sha256(), a.name(), a.mediaType(), a.size()});
            }
            batches.batchUpdate("""
                            INSERT INTO message_attachment (message_id, position, sha256, name, media_type, size)
                            VALUES (?, ?, ?, ?, ?, ?)""", links);
        }
        return true;
    }

    @Override
    public boolean handoffContains(String handoffId, String messageId) {
        return jdbc.sql("SELECT count(*) FROM message WHERE handoff_id = ? AND message_id = ?")
                .params(handoffId, messageId).query(Integer.class).single() > 0;
    }

    @Override
    public boolean isParty(String agencyId, String messageId) {
        return jdbc.sql("SELECT count(*) FROM message_party WHERE message_id = ? AND agency_id = ?")
                .params(messageId, agencyId).query(Integer.class).single() > 0;
    }

    @Override
    public boolean mayReadAttachment(String agencyId, String sha256) {
        return jdbc.sql("""
                        SELECT count(*) FROM message_attachment a
                        JOIN message_party p ON p.message_id = a.message_id
                        WHERE a.sha256 = ? AND p.agency_id = ?""")
                .params(sha256, agencyId).query(Integer.class).single() > 0;
    }

    @Override
    public Optional<String> attachmentMediaType(String agencyId, String sha256) {
        return jdbc.sql("""
                        SELECT a.media_type FROM message_attachment a
                        JOIN message_party p ON p.message_id = a.message_id
                        JOIN message m ON m.message_id = a.message_id
                        WHERE a.sha256 = ? AND p.agency_id = ?
                        ORDER BY m.received_at, a.message_id, a.position LIMIT 1""")
                .params(sha256, agencyId).query(String.class).optional();
    }

    @Override
    public List<HandoffSummary> handoffs(String party, int limit, int offset) {
        return jdbc.sql("""
                        SELECT h.handoff_id, h.profile, h.opened_by, h.opened_at,
                               (SELECT string_agg(p.agency_id, ',' ORDER BY p.agency_id) FROM handoff_party p WHERE p.handoff_id = h.handoff_id) AS parties,
                               (SELECT count(*) FROM message m WHERE m.handoff_id = h.handoff_id) AS messages,
                               (SELECT max(m.received_at) FROM message m WHERE m.handoff_id = h.handoff_id) AS last_activity
                        FROM handoff h
                        WHERE CAST(? AS text) IS NULL
                           OR EXISTS (SELECT 1 FROM handoff_party p WHERE p.handoff_id = h.handoff_id AND p.agency_id = ?)
                        ORDER BY last_activity DESC, h.handoff_id
                        LIMIT ? OFFSET ?""")
                .params(party, party, limit, offset)
                .query((rs, n) -> new HandoffSummary(rs.getString("handoff_id"), rs.getString("profile"),
                        rs.getString("opened_by"), rs.getTimestamp("opened_at").toInstant(),
                        List.of(rs.getString("parties").split(",")), rs.getInt("messages"),
                        rs.getTimestamp("last_activity").toInstant()))
                .list();
    }

    /** The readable messages of a handoff; one that cannot be read is left out, with an ERROR for the operator. */
    @Override
    public List<ArchivedMessage> messagesOf(String handoffId) {
        List<ArchivedMessage> messages = new ArrayList<>();
        jdbc.sql("SELECT * FROM message WHERE handoff_id = ? ORDER BY received_at, message_id")
                .param(handoffId).query((RowCallbackHandler) rs -> {
                    try {
                        messages.add(toMessage(rs));
                    } catch (UnreadableRecord unreadable) {
                        log.error("Handoff {}: message {} left out: {}", handoffId, unreadable.messageId(),
                                unreadable.getMessage(), unreadable);
                    }
                });
        return messages;
    }

    @Override
    public boolean exists(String messageId) {
        return jdbc.sql("SELECT count(*) FROM message WHERE message_id = ?").param(messageId).query(Integer.class).single() > 0;
    }

    @Override
    public List<String> messageIdsOf(String handoffId) {
        return jdbc.sql("SELECT message_id FROM message WHERE handoff_id = ? ORDER BY received_at, message_id")
                .param(handoffId).query(String.class).list();
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ArchivedMessage toMessage(ResultSet rs) throws SQLException {
        String messageId = rs.getString("message_id");
        List<String> copies = jdbc.sql("SELECT agency_id FROM message_party WHERE message_id = ? AND role = 'COPY' ORDER BY agency_id")
                .param(messageId).query(String.class).list();
        List<ArchivedMessage.AttachmentLink> attachments = new ArrayList<>(jdbc.sql("""
                        SELECT sha256, name, media_type, size FROM message_attachment
                        WHERE message_id = ? ORDER BY position""")
                .param(messageId)
                .query((a, n) -> new ArchivedMessage.AttachmentLink(a.getString("sha256"), a.getString("name"),
                        a.getString("media_type"), a.getLong("size")))
                .list());
        String canonicalJson = rs.getString("canonical_json");
        String sha256 = rs.getString("canonical_sha256");
        if (!sha256.equals(sha256Hex(canonicalJson.getBytes(StandardCharsets.UTF_8)))) {
            throw new UnreadableRecord(messageId, "its canonical JSON no longer has the digest " + sha256, null);
        }
        java.time.OffsetDateTime sentAt;
        try {
            sentAt = rs.getObject("sent_at", java.time.OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException | SQLException e) {
            // -infinity, or a year java.time cannot hold: what once came of an unchecked xs:dateTime
            throw new UnreadableRecord(messageId, "sent_at " + rs.getString("sent_at") + " is not a time", e);
        }
        return new ArchivedMessage(
                messageId,
                rs.getString("handoff_id"),
                rs.getString("in_reply_to"),
                MessageType.valueOf(rs.getString("type")),
                rs.getString("profile"),
                rs.getString("sender_agency"),
                rs.getString("recipient_agency"),
                copies,
                sentAt,
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("received_by"),
                sha256,
                canonicalJson.getBytes(StandardCharsets.UTF_8),
                attachments);
    }
}
