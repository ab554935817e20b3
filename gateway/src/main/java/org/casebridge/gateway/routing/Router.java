package org.casebridge.gateway.routing;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Decides who receives what and records it, with its outbox entry, in the caller's transaction:
 * a message is routed if and only if it is stored.
 */
@Service
public class Router {

    private final JdbcClient jdbc;
    private final Clock clock;

    Router(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One dispatch per recipient and copy of the message. */
    public List<String> routeMessage(ArchivedMessage message) {
        List<String> dispatchIds = new ArrayList<>();
        for (String recipient : message.recipients()) {
            dispatchIds.add(create(DispatchKind.MESSAGE, message.messageId(), null, recipient, message.handoffId()));
        }
        return dispatchIds;
    }

    /** A deadline warning goes to the agency that must act; it travels with the message that started the clock. */
    public String routeDeadlineWarning(String messageId, String handoffId, String warningId, String responsible) {
        return create(DispatchKind.DEADLINE_WARNING, messageId, warningId, responsible, handoffId);
    }

    /** The delivery receipt of a message goes back to its sender. */
    public String routeDeliveryReceipt(ArchivedMessage message, String receiptId) {
        return create(DispatchKind.DELIVERY_RECEIPT, message.messageId(), receiptId, message.sender(), message.handoffId());
    }

    /**
     * Puts a dead letter or a held dispatch back on its queue, in a new round: behind whatever the
     * queue holds already, under a broker duplicate id of its own (the broker remembers the old one).
     *
     * @return false if it was neither a dead letter nor held
     */
    public boolean requeue(Dispatch dispatch) {
        Integer round = jdbc.sql("""
                        UPDATE dispatch SET state = 'QUEUED', round = round + 1
                        WHERE dispatch_id = ? AND state IN ('DEAD_LETTER', 'HELD') RETURNING round""")
                .param(dispatch.dispatchId()).query(Integer.class).optional().orElse(null);
        if (round == null) {
            return false;
        }
        jdbc.sql("INSERT INTO outbox (dispatch_id, recipient_agency, handoff_id, round) VALUES (?, ?, ?, ?)")
                .params(dispatch.dispatchId(), dispatch.recipient(), dispatch.handoffId(), round)
                .update();
        return true;
    }

    private String create(DispatchKind kind, String messageId, String documentId, String recipient, String handoffId) {
        String dispatchId = UUID.randomUUID().toString();
        jdbc.sql("""
                        INSERT INTO dispatch (dispatch_id, kind, message_id, document_id, recipient_agency, handoff_id, state, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', ?)""")
                .params(dispatchId, kind.name(), messageId, documentId, recipient, handoffId, Timestamp.from(clock.instant()))
                .update();
        jdbc.sql("INSERT INTO outbox (dispatch_id, recipient_agency, handoff_id) VALUES (?, ?, ?)")
                .params(dispatchId, recipient, handoffId)
                .update();
        return dispatchId;
    }
}
