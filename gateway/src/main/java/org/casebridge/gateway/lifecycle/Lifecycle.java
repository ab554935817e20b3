package org.casebridge.gateway.lifecycle;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.contracts.codec.CanonicalJson;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.Timestamps;
import org.casebridge.contracts.v1.Message;
import org.casebridge.gateway.audit.AuditDetails;
import org.casebridge.gateway.audit.AuditKind;
import org.casebridge.gateway.audit.AuditLog;
import org.casebridge.gateway.receipts.Receipts;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves handoffs through their lifecycle. A transition is checked before a message is accepted
 * and recorded in the same transaction that stores it, as a signed event; a guarded update keeps
 * two concurrent messages from both moving the same handoff.
 */
@Service
public class Lifecycle {

    private final JdbcClient jdbc;
    private final Receipts signatures;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    Lifecycle(JdbcClient jdbc, Receipts signatures, ApplicationEventPublisher events, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.events = events;
    }

    /** Refuses a message that does not fit where its handoff stands, naming the state and what it allows. */
    public void check(Message message) {
        List<LifecycleEvent> events = MessageEvents.of(message);
        if (events.getFirst() == LifecycleEvent.SUBMITTED) {
            return;
        }
        HandoffState state = state(message.getHandoffId()).orElseThrow(() -> new GatewayRejection(
                Reason.UNKNOWN_HANDOFF, "no handoff " + message.getHandoffId(), "Message/handoffId"));
        for (LifecycleEvent event : events) {
            state = requireAllowed(message.getHandoffId(), state, event, message.getType().value());
        }
        if (events.contains(LifecycleEvent.RETURNED)) {
            requireReturnRound(message);
        }
    }

    /** CPL 175: a dossier goes back for supplementary investigation at most twice, and each return says which it is. */
    private void requireReturnRound(Message message) {
        int returns = jdbc.sql("SELECT count(*) FROM handoff_event WHERE handoff_id = ? AND event = 'RETURNED'")
                .param(message.getHandoffId()).query(Integer.class).single();
        if (returns >= ChineseProfile.MAX_RETURNS) {
            throw new GatewayRejection(Reason.ILLEGAL_TRANSITION, "handoff " + message.getHandoffId() + " was returned for "
                    + "supplementary investigation " + returns + " times already; CPL 175 allows " + ChineseProfile.MAX_RETURNS,
                    "Message/type");
        }
        Integer round = message.getPayload().getNotice().getRound();
        if (round != returns + 1) {
            throw new GatewayRejection(Reason.ILLEGAL_TRANSITION, "this is return " + (returns + 1) + " of handoff "
                    + message.getHandoffId() + ", not " + round, "Message/payload/notice/round");
        }
    }

    /** Records what the message does to its handoff; joins the caller's transaction. */
    public void recordMessage(Message message, String actor, Instant at) {
        List<LifecycleEvent> events = MessageEvents.of(message);
        if (events.getFirst() == LifecycleEvent.SUBMITTED) {
            jdbc.sql("INSERT INTO handoff_lifecycle (handoff_id, profile, state, version) VALUES (?, ?, ?, 1)")
                    .params(message.getHandoffId(), message.getProfile(), HandoffState.SUBMITTED.name()).update();
            append(message.getHandoffId(), message.getProfile(), LifecycleEvent.SUBMITTED, null, HandoffState.SUBMITTED,
                    message.getMessageId(), message, actor, at);
            return;
        }
        // The profile the handoff was opened under, whatever a later message claims.
        String profile = profile(message.getHandoffId());
        for (LifecycleEvent event : events) {
            move(message.getHandoffId(), profile, event, message.getMessageId(), message, actor, at, message.getType().value());
        }
    }

    /**
     * A message reached its addressee. The transfer's delivery moves its handoff on (later steps may
     * have overtaken it, and then it is moot); any delivery may stop a clock that waited for it.
     */
    public void recordDelivered(String handoffId, String messageId, String actor, Instant at) {
        String profile = profile(handoffId);
        if (state(handoffId).filter(HandoffState.SUBMITTED::equals).isPresent() && opened(handoffId, messageId)) {
            move(handoffId, profile, LifecycleEvent.DELIVERED, messageId, null, actor, at, "delivery");
        }
        events.publishEvent(new MessageDelivered(handoffId, profile, messageId, at));
    }

    private boolean opened(String handoffId, String messageId) {
        return jdbc.sql("SELECT count(*) FROM handoff_event WHERE handoff_id = ? AND seq = 1 AND message_id = ?")
                .params(handoffId, messageId).query(Integer.class).single() > 0;
    }

    private String profile(String handoffId) {
        return jdbc.sql("SELECT profile FROM handoff_lifecycle WHERE handoff_id = ?").param(handoffId).query(String.class).single();
    }

    public Optional<HandoffState> state(String handoffId) {
        return jdbc.sql("SELECT state FROM handoff_lifecycle WHERE handoff_id = ?").param(handoffId)
                .query(String.class).optional().map(HandoffState::valueOf);
    }

    public List<RecordedEvent> history(String handoffId) {
        return jdbc.sql("SELECT * FROM handoff_event WHERE handoff_id = ? ORDER BY seq").param(handoffId)
                .query((rs, n) -> new RecordedEvent(rs.getString("handoff_id"), rs.getInt("seq"),
                        LifecycleEvent.valueOf(rs.getString("event")),
                        rs.getString("from_state") == null ? null : HandoffState.valueOf(rs.getString("from_state")),
                        HandoffState.valueOf(rs.getString("to_state")), rs.getString("message_id"),
                        rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("canonical_json"),
                        rs.getString("jws")))
                .list();
    }

    /** The state the recorded events lead to, applying the rules from the start: it must equal the stored one. */
    public Optional<HandoffState> replay(String handoffId) {
        HandoffState state = null;
        for (RecordedEvent recorded : history(handoffId)) {
            if (recorded.event() == LifecycleEvent.SUBMITTED) {
                state = HandoffState.SUBMITTED;
                continue;
            }
            Transition transition = ChineseProfile.of(recorded.event());
            if (state == null || !transition.from().contains(state)) {
                throw new IllegalStateException("event " + recorded.seq() + " of " + handoffId + " (" + recorded.event()
                        + ") cannot follow " + state);
            }
            state = transition.to();
        }
        return Optional.ofNullable(state);
    }

    private void move(String handoffId, String profile, LifecycleEvent event, String messageId, Message message, String actor,
            Instant at, String what) {
        HandoffState current = state(handoffId).orElseThrow(() -> new GatewayRejection(
                Reason.UNKNOWN_HANDOFF, "no handoff " + handoffId, "Message/handoffId"));
        HandoffState next = requireAllowed(handoffId, current, event, what);
        int moved = jdbc.sql("UPDATE handoff_lifecycle SET state = ?, version = version + 1 WHERE handoff_id = ? AND state = ?")
                .params(next.name(), handoffId, current.name()).update();
        if (moved == 0) {
            throw new GatewayRejection(Reason.ILLEGAL_TRANSITION, "handoff " + handoffId
                    + " moved on while this " + what + " was processed; send it again", "Message/handoffId");
        }
        append(handoffId, profile, event, current, next, messageId, message, actor, at);
    }

    private static HandoffState requireAllowed(String handoffId, HandoffState current, LifecycleEvent event, String what) {
        Transition transition = ChineseProfile.of(event);
        if (transition == null || !transition.from().contains(current)) {
            throw new GatewayRejection(Reason.ILLEGAL_TRANSITION, "handoff " + handoffId + " is " + current + "; a "
                    + what + " (" + event + ") may come only when it is " + (transition == null ? "never" : transition.from())
                    + "; now allowed: " + ChineseProfile.allowedIn(current), "Message/type");
        }
        return transition.to();
    }

    private void append(String handoffId, String profile, LifecycleEvent event, HandoffState from, HandoffState to,
            String messageId, Message message, String actor, Instant at) {
        // The handoff was opened in this transaction: its first event is the first.
        int seq = event == LifecycleEvent.SUBMITTED ? 1
                : jdbc.sql("SELECT coalesce(max(seq), 0) + 1 FROM handoff_event WHERE handoff_id = ?")
                        .param(handoffId).query(Integer.class).single();
        ObjectNode record = ContractJson.mapper().createObjectNode()
                .put("handoffId", handoffId).put("seq", seq).put("event", event.name())
                .put("to", to.name()).put("at", Timestamps.format(at.atOffset(ZoneOffset.UTC))).put("actor", actor);
        if (from != null) {
            record.put("from", from.name());
        }
        if (messageId != null) {
            record.put("messageId", messageId);
        }
        byte[] canonical = CanonicalJson.bytes(record);
        String jws = signatures.signEvent(canonical);
        jdbc.sql("""
                        INSERT INTO handoff_event (handoff_id, seq, event, from_state, to_state, message_id, at, actor, canonical_json, jws)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(handoffId, seq, event.name(), from == null ? null : from.name(), to.name(), messageId,
                        Timestamp.from(at), actor, new String(canonical, StandardCharsets.UTF_8), jws)
                .update();
        audit.append(AuditKind.STATE_CHANGED, actor, "handoff:" + handoffId, handoffId, AuditDetails.of()
                .with("event", event.name()).with("seq", seq).with("from", from == null ? null : from.name()).with("to", to.name())
                .with("messageId", messageId).with("eventJwsSha256", AuditDetails.sha256(jws)));
        events.publishEvent(new HandoffTransitioned(handoffId, profile, event, messageId, at, message));
    }
}
