package org.casebridge.gateway.routing;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Decides who receives what and records it, in the caller's transaction: a message is routed if
 * and only if it is stored. A dispatch to a pushing agency gets an outbox entry, which takes it
 * through the broker to the deliverer; a dispatch to an agency that collects its inbox is
 * available at once, since all the broker would do for it is mark it so a moment later (a pull
 * is never retried or held: the agency takes it when it comes).
 */
@Service
public class Router {

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Clock clock;
    private final AgencyDirectory agencies;

    Router(JdbcClient jdbc, JdbcTemplate batches, Clock clock, AgencyDirectory agencies) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.clock = clock;
        this.agencies = agencies;
    }

    /** One dispatch per recipient and copy of the message, written in one round trip per table. */
    public List<String> routeMessage(ArchivedMessage message) {
        List<NewDispatch> created = new ArrayList<>();
        for (String recipient : message.recipients()) {
            created.add(newDispatch(DispatchKind.MESSAGE, message.messageId(), null, recipient, message.handoffId()));
        }
        record(created);
        return created.stream().map(NewDispatch::dispatchId).toList();
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
        NewDispatch dispatch = newDispatch(kind, messageId, documentId, recipient, handoffId);
        record(List.of(dispatch));
        return dispatch.dispatchId();
    }

    private NewDispatch newDispatch(DispatchKind kind, String messageId, String documentId, String recipient, String handoffId) {
        // An agency the directory does not know (removed since) goes the broker's way, where the
        // deliverer keeps it queued until it is configured again.
        boolean collects = agencies.find(recipient).map(agency -> !agency.pushes()).orElse(false);
        return new NewDispatch(UUID.randomUUID().toString(), kind, messageId, documentId, recipient, handoffId, collects);
    }

    private void record(List<NewDispatch> created) {
        Timestamp now = Timestamp.from(clock.instant());
        batches.batchUpdate("""
                        INSERT INTO dispatch (dispatch_id, kind, message_id, document_id, recipient_agency, handoff_id, state,
                            created_at, available_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                created.stream().map(d -> new Object[] {d.dispatchId(), d.kind().name(), d.messageId(), d.documentId(),
                        d.recipient(), d.handoffId(), d.collected() ? "AVAILABLE" : "QUEUED", now, d.collected() ? now : null})
                        .toList());
        List<Object[]> queued = created.stream().filter(d -> !d.collected())
                .map(d -> new Object[] {d.dispatchId(), d.recipient(), d.handoffId()})
                .toList();
        if (!queued.isEmpty()) {
            batches.batchUpdate("INSERT INTO outbox (dispatch_id, recipient_agency, handoff_id) VALUES (?, ?, ?)", queued);
        }
    }

    /** @param collected the recipient collects it from its inbox: available now, no outbox entry */
    private record NewDispatch(String dispatchId, DispatchKind kind, String messageId, String documentId, String recipient,
            String handoffId, boolean collected) {
    }
}
