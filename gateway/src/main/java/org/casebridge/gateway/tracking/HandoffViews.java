package org.casebridge.gateway.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.ReadScope;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.HandoffSummary;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.lifecycle.RecordedEvent;
import org.casebridge.gateway.routing.Dispatches;
import org.springframework.stereotype.Service;

/** Handoffs as the caller may see them. */
@Service
public class HandoffViews {

    static final int MAX_PAGE = 200;

    private final MessageArchive archive;
    private final Dispatches dispatches;
    private final AccessPolicy access;
    private final Lifecycle lifecycle;
    private final ClockViews clocks;

    HandoffViews(MessageArchive archive, Dispatches dispatches, AccessPolicy access, Lifecycle lifecycle, ClockViews clocks) {
        this.lifecycle = lifecycle;
        this.clocks = clocks;
        this.archive = archive;
        this.dispatches = dispatches;
        this.access = access;
    }

    List<HandoffSummary> list(Caller caller, int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw new GatewayRejection(GatewayRejection.Reason.CONTRACT_VIOLATION,
                    "limit must be 1 to " + MAX_PAGE + " and offset at least 0", "limit");
        }
        ReadScope scope = access.requireListing(caller);
        return archive.handoffs(scope.all() ? null : scope.agencyId(), limit, offset);
    }

    public HandoffDetail detail(Caller caller, String handoffId) {
        access.requireHandoffRead(caller, handoffId);
        return read(handoffId);
    }

    /** A handoff with its clocks, as one read of it (one decision in the audit trail). */
    public HandoffPage page(Caller caller, String handoffId) {
        access.requireHandoffRead(caller, handoffId);
        return new HandoffPage(read(handoffId), clocks.read(handoffId));
    }

    private HandoffDetail read(String handoffId) {
        var handoff = archive.handoff(handoffId).orElseThrow();
        List<MessageView> messages = archive.messagesOf(handoffId).stream().map(this::view).toList();
        List<EventView> events = lifecycle.history(handoffId).stream().map(EventView::of).toList();
        String state = lifecycle.state(handoffId).map(Enum::name).orElse(null);
        return new HandoffDetail(handoff.handoffId(), handoff.profile(), handoff.openedBy(), handoff.openedAt(),
                handoff.parties().stream().sorted().toList(), state, events, messages);
    }

    private MessageView view(ArchivedMessage m) {
        List<DeliveryView> deliveries = dispatches.ofMessage(m.messageId()).stream()
                .filter(d -> d.kind() == DispatchKind.MESSAGE)
                .map(d -> new DeliveryView(d.recipient(), d.state().name(), d.acknowledgedAt(), d.attempts()))
                .toList();
        return new MessageView(m.messageId(), m.type().name(), m.sender(), m.recipient(), m.copies(), m.inReplyTo(),
                m.sentAt(), m.receivedAt(), m.canonicalSha256(), m.attachments(), deliveries);
    }

    /** What the console's handoff page shows of a handoff. */
    public record HandoffPage(HandoffDetail detail, List<ClockViews.ClockView> clocks) {
    }

    /** Optional fields of these views are absent from the JSON, never null (the contract's rule). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HandoffDetail(String handoffId, String profile, String openedBy, Instant openedAt, List<String> parties,
            String state, List<EventView> events, List<MessageView> messages) {
    }

    /** A lifecycle transition, with the gateway's JWS whose payload is the event itself. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(int seq, String event, String from, String to, String messageId, Instant at, String actor, String jws) {
        static EventView of(RecordedEvent e) {
            return new EventView(e.seq(), e.event().name(), e.from() == null ? null : e.from().name(), e.to().name(),
                    e.messageId(), e.at(), e.actor(), e.jws());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageView(String messageId, String type, String sender, String recipient, List<String> copies,
            String inReplyTo, OffsetDateTime sentAt, Instant receivedAt, String messageSha256,
            List<ArchivedMessage.AttachmentLink> attachments, List<DeliveryView> deliveries) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(String recipient, String state, Instant acknowledgedAt, int attempts) {
    }
}
