package org.casebridge.gateway.console;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.InboxPort;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.contracts.v1.Message;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.intake.Intake;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.DispatchState;
import org.casebridge.gateway.routing.Dispatches;
import org.casebridge.gateway.tracking.HandoffViews.HandoffDetail;
import org.springframework.stereotype.Component;

/**
 * The steps open to the viewer on a handoff, and taking them. Which steps are open is asked of the
 * gateway itself (intake's checks on a draft, the access rule for acting), never decided here.
 */
@Component
class HandoffActions {

    private final ActionDrafts drafts;
    private final Intake intake;
    private final InboxPort inbox;
    private final Dispatches dispatches;
    private final AccessPolicy access;

    HandoffActions(ActionDrafts drafts, Intake intake, InboxPort inbox, Dispatches dispatches, AccessPolicy access) {
        this.drafts = drafts;
        this.intake = intake;
        this.inbox = inbox;
        this.dispatches = dispatches;
        this.access = access;
    }

    /**
     * @param actions     the steps the gateway would accept from the viewer now
     * @param acknowledge the delivery an acknowledgement would close, when there is one
     */
    public record Open(Set<ConsoleAction> actions, String acknowledge) {

        public boolean has(String slug) {
            return ConsoleAction.of(slug).map(actions::contains).orElse(false);
        }
    }

    Open open(Caller caller, HandoffDetail handoff) {
        Set<ConsoleAction> open = EnumSet.noneOf(ConsoleAction.class);
        Optional<Dispatch> waiting = waitingDelivery(caller, handoff);
        waiting.ifPresent(d -> open.add(ConsoleAction.ACKNOWLEDGE));
        for (ConsoleAction action : ConsoleAction.values()) {
            if (action.messageType() != null) {
                drafts.draft(action, caller.agencyId(), handoff, ActionInput.draft())
                        .filter(message -> intake.permits(caller, message))
                        .ifPresent(message -> open.add(action));
            }
        }
        return new Open(open, waiting.map(Dispatch::dispatchId).orElse(null));
    }

    /** Sends the step's message through intake, or acknowledges the delivery; refusals come as the gateway gives them. */
    void take(Caller caller, HandoffDetail handoff, ConsoleAction action, ActionInput input, String dispatchId) {
        if (action == ConsoleAction.ACKNOWLEDGE) {
            boolean ofThisHandoff = dispatchId != null && dispatches.find(dispatchId)
                    .filter(d -> d.handoffId().equals(handoff.handoffId())).isPresent();
            if (!ofThisHandoff) {
                throw new GatewayRejection(Reason.NOT_FOUND, "no delivery " + dispatchId + " of handoff " + handoff.handoffId());
            }
            inbox.acknowledge(caller, dispatchId, Encoding.JSON);
            return;
        }
        Message message = drafts.draft(action, caller.agencyId(), handoff, input).orElseThrow(() -> new GatewayRejection(
                Reason.FORBIDDEN, "the caller acts for no agency of handoff " + handoff.handoffId()));
        intake.submit(caller, message, Encoding.JSON);
    }

    /** The oldest transfer or reply that waits in the viewer's agency's inbox, if the viewer may act for it. */
    private Optional<Dispatch> waitingDelivery(Caller caller, HandoffDetail handoff) {
        Optional<String> agency = access.actingAgency(caller);
        if (agency.isEmpty()) {
            return Optional.empty();
        }
        return handoff.messages().stream()
                .flatMap(m -> dispatches.ofMessage(m.messageId()).stream())
                .filter(d -> d.kind() == DispatchKind.MESSAGE && d.state() == DispatchState.AVAILABLE
                        && d.recipient().equals(agency.get()))
                .min(Comparator.comparingLong(Dispatch::seq));
    }
}
