package org.casebridge.gateway.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.InboxPort;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.v1.DeliveryMode;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.archive.UnreadableRecord;
import org.casebridge.gateway.commits.GroupCommit;
import org.casebridge.gateway.receipts.Receipts;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.DispatchState;
import org.casebridge.gateway.routing.Dispatches;
import org.springframework.stereotype.Service;

/** The pull side: an agency collects what waits for it and acknowledges each delivery. */
@Service
class Inbox implements InboxPort {

    private final Dispatches dispatches;
    private final DispatchDocuments documents;
    private final Acknowledgements acknowledgements;
    private final Receipts receipts;
    private final AccessPolicy access;
    private final Clock clock;
    private final GroupCommit commits;
    private final Quarantine quarantine;

    Inbox(Dispatches dispatches, DispatchDocuments documents, Acknowledgements acknowledgements, Receipts receipts,
            AccessPolicy access, Clock clock, GroupCommit commits, Quarantine quarantine) {
        this.commits = commits;
        this.quarantine = quarantine;
        this.access = access;
        this.dispatches = dispatches;
        this.documents = documents;
        this.acknowledgements = acknowledgements;
        this.receipts = receipts;
        this.clock = clock;
    }

    @Override
    public List<Delivery> fetch(Caller caller, int max, Encoding encoding) {
        if (max < 1 || max > MAX_PAGE) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "max must be between 1 and " + MAX_PAGE, "max");
        }
        String agency = access.requireAgencySystem(caller, Action.COLLECT_INBOX, null);
        List<Dispatch> page = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (Dispatch d : dispatches.available(agency, max)) {
            try {
                DispatchDocuments.Contents contents = documents.contents(d, encoding);
                deliveries.add(new Delivery(d.dispatchId(), d.kind(), contents.document(), contents.attachments()));
                page.add(d);
            } catch (UnreadableRecord unreadable) {
                quarantine.quarantine(d, unreadable); // the rest of the page goes out
            }
        }
        // Each message handed out is a read of it, recorded before the page leaves.
        access.recordReads(caller, Action.COLLECT_INBOX, page.stream()
                .filter(d -> d.kind() == DispatchKind.MESSAGE)
                .map(d -> "message:" + d.messageId())
                .toList());
        return deliveries;
    }

    @Override
    public Optional<SignedDocument> acknowledge(Caller caller, String dispatchId, Encoding encoding) {
        String agency = access.requireActingAgency(caller, Action.ACKNOWLEDGE, "dispatch:" + dispatchId);
        Dispatch dispatch = dispatches.find(dispatchId)
                .filter(d -> d.recipient().equals(agency)
                        && (d.state() == DispatchState.AVAILABLE || d.state() == DispatchState.ACKNOWLEDGED))
                .orElse(null);
        if (dispatch == null) {
            access.recordRefusal(caller, Action.ACKNOWLEDGE, "dispatch:" + dispatchId, Reason.NOT_FOUND);
            throw new GatewayRejection(Reason.NOT_FOUND, "no delivery " + dispatchId + " in the caller's inbox");
        }
        // Acknowledgements arriving together close their dispatches in shared transactions.
        Instant at = clock.instant();
        try {
            commits.inTransaction(() -> {
                acknowledgements.acknowledge(dispatch, at, caller.subject(), DeliveryMode.PULL);
                return null;
            });
        } catch (UnreadableRecord unreadable) {
            quarantine.quarantine(dispatch, unreadable);
            throw new GatewayRejection(Reason.QUARANTINED, "delivery " + dispatchId
                    + " was withdrawn from the inbox: its message cannot be read back; an operator has been alerted");
        }
        return receipts.deliveryReceiptOf(dispatchId, encoding);
    }
}
