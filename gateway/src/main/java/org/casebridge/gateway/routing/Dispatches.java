package org.casebridge.gateway.routing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.casebridge.contracts.v1.DispatchKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The state of every dispatch. Each change is a guarded update, so a repeat does nothing. */
@Repository
public class Dispatches {

    private final JdbcClient jdbc;

    Dispatches(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Dispatch> find(String dispatchId) {
        return jdbc.sql("SELECT * FROM dispatch WHERE dispatch_id = ?").param(dispatchId)
                .query((rs, n) -> toDispatch(rs)).optional();
    }

    /** QUEUED to AVAILABLE: the dispatch is in its recipient's inbox. */
    public boolean markAvailable(String dispatchId, Instant at) {
        return jdbc.sql("UPDATE dispatch SET state = 'AVAILABLE', available_at = ? WHERE dispatch_id = ? AND state = 'QUEUED'")
                .params(Timestamp.from(at), dispatchId).update() == 1;
    }

    /** QUEUED or AVAILABLE to ACKNOWLEDGED; false if it was acknowledged already (or is off the queue). */
    public boolean markAcknowledged(String dispatchId, Instant at, String by) {
        return jdbc.sql("""
                        UPDATE dispatch SET state = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ?,
                            available_at = coalesce(available_at, ?)
                        WHERE dispatch_id = ? AND state IN ('QUEUED', 'AVAILABLE')""")
                .params(Timestamp.from(at), by, Timestamp.from(at), dispatchId).update() == 1;
    }

    public void recordFailedAttempt(String dispatchId, String reason) {
        jdbc.sql("UPDATE dispatch SET attempts = attempts + 1, last_error = ? WHERE dispatch_id = ?")
                .params(reason.length() > 1000 ? reason.substring(0, 1000) : reason, dispatchId).update();
    }

    /** QUEUED to DEAD_LETTER: the retry policy gave up on it. */
    public boolean markDeadLetter(String dispatchId, Instant at) {
        return jdbc.sql("UPDATE dispatch SET state = 'DEAD_LETTER', dead_lettered_at = ? WHERE dispatch_id = ? AND state = 'QUEUED'")
                .params(Timestamp.from(at), dispatchId).update() == 1;
    }

    /**
     * QUEUED or AVAILABLE to DEAD_LETTER: what it carries cannot be read back, so it leaves the
     * queue or inbox for an operator (who sees the reason as its last error) instead of blocking it.
     */
    public boolean markQuarantined(String dispatchId, Instant at, String reason) {
        return jdbc.sql("""
                        UPDATE dispatch SET state = 'DEAD_LETTER', dead_lettered_at = ?, last_error = ?
                        WHERE dispatch_id = ? AND state IN ('QUEUED', 'AVAILABLE')""")
                .params(Timestamp.from(at), reason.length() > 1000 ? reason.substring(0, 1000) : reason, dispatchId)
                .update() == 1;
    }

    /** QUEUED to HELD: it waits off the queue behind an earlier dispatch of its handoff. */
    public boolean markHeld(String dispatchId) {
        return jdbc.sql("UPDATE dispatch SET state = 'HELD' WHERE dispatch_id = ? AND state = 'QUEUED'")
                .param(dispatchId).update() == 1;
    }

    /** DEAD_LETTER to ABANDONED, with who gave up on it and why. */
    public boolean markAbandoned(String dispatchId, Instant at, String by, String reason) {
        return jdbc.sql("""
                        UPDATE dispatch SET state = 'ABANDONED', abandoned_at = ?, abandoned_by = ?, abandon_reason = ?
                        WHERE dispatch_id = ? AND state = 'DEAD_LETTER'""")
                .params(Timestamp.from(at), by, reason, dispatchId).update() == 1;
    }

    /**
     * Whether an earlier dispatch of the same handoff to the same agency is not through yet: a dead
     * letter, held, or put back on the queue by an operator (so behind this one on the broker).
     */
    public boolean blockedBehindEarlier(Dispatch dispatch) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM dispatch
                            WHERE handoff_id = ? AND recipient_agency = ? AND seq < ?
                              AND (state IN ('DEAD_LETTER', 'HELD') OR state = 'QUEUED' AND round > 0))""")
                .params(dispatch.handoffId(), dispatch.recipient(), dispatch.seq()).query(Boolean.class).single();
    }

    /** Whether anything of this handoff to this agency still stands in the way of held dispatches. */
    public boolean hasBlocker(String handoffId, String recipient) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM dispatch
                            WHERE handoff_id = ? AND recipient_agency = ?
                              AND (state = 'DEAD_LETTER' OR state = 'QUEUED' AND round > 0))""")
                .params(handoffId, recipient).query(Boolean.class).single();
    }

    /** The held dispatches of one handoff to one agency, in order. */
    public List<Dispatch> held(String handoffId, String recipient) {
        return jdbc.sql("SELECT * FROM dispatch WHERE handoff_id = ? AND recipient_agency = ? AND state = 'HELD' ORDER BY seq")
                .params(handoffId, recipient).query((rs, n) -> toDispatch(rs)).list();
    }

    /** Locks the row for the caller's transaction, so two operators cannot act on one dispatch at once. */
    public Optional<Dispatch> lock(String dispatchId) {
        return jdbc.sql("SELECT * FROM dispatch WHERE dispatch_id = ? FOR UPDATE").param(dispatchId)
                .query((rs, n) -> toDispatch(rs)).optional();
    }

    /** The recipient's inbox, oldest first. */
    public List<Dispatch> available(String agencyId, int max) {
        return jdbc.sql("SELECT * FROM dispatch WHERE recipient_agency = ? AND state = 'AVAILABLE' ORDER BY seq LIMIT ?")
                .params(agencyId, max).query((rs, n) -> toDispatch(rs)).list();
    }

    /** Dispatches in one state, oldest first: what an operator looks at when deliveries lag. */
    public List<Dispatch> inState(DispatchState state, int max) {
        return jdbc.sql("SELECT * FROM dispatch WHERE state = ? ORDER BY seq LIMIT ?")
                .params(state.name(), max).query((rs, n) -> toDispatch(rs)).list();
    }

    public List<Dispatch> ofMessage(String messageId) {
        return jdbc.sql("SELECT * FROM dispatch WHERE message_id = ? ORDER BY seq")
                .param(messageId).query((rs, n) -> toDispatch(rs)).list();
    }

    private static Dispatch toDispatch(ResultSet rs) throws SQLException {
        return new Dispatch(
                rs.getString("dispatch_id"),
                rs.getLong("seq"),
                DispatchKind.valueOf(rs.getString("kind")),
                rs.getString("message_id"),
                rs.getString("document_id"),
                rs.getString("recipient_agency"),
                rs.getString("handoff_id"),
                DispatchState.valueOf(rs.getString("state")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("acknowledged_at") == null ? null : rs.getTimestamp("acknowledged_at").toInstant(),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                rs.getInt("round"));
    }
}
