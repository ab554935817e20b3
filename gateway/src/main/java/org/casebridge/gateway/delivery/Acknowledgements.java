package org.casebridge.gateway.delivery;

import java.time.Instant;
import org.casebridge.contracts.v1.DeliveryMode;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.audit.AuditDetails;
import org.casebridge.gateway.audit.AuditKind;
import org.casebridge.gateway.audit.AuditLog;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.receipts.DeliveryFacts;
import org.casebridge.gateway.receipts.Receipts;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.Dispatches;
import org.casebridge.gateway.routing.Router;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closes a dispatch: marks it acknowledged and, for a message, issues the delivery receipt and
 * routes it to the sender, all in one transaction. Acknowledging twice changes nothing.
 */
@Component
class Acknowledgements {

    private final Dispatches dispatches;
    private final MessageArchive archive;
    private final Receipts receipts;
    private final Router router;
    private final Lifecycle lifecycle;
    private final AuditLog audit;

    Acknowledgements(Dispatches dispatches, MessageArchive archive, Receipts receipts, Router router, Lifecycle lifecycle,
            AuditLog audit) {
        this.audit = audit;
        this.lifecycle = lifecycle;
        this.dispatches = dispatches;
        this.archive = archive;
        this.receipts = receipts;
        this.router = router;
    }

    @Transactional
    public void acknowledge(Dispatch dispatch, Instant at, String by, DeliveryMode mode) {
        if (!dispatches.markAcknowledged(dispatch.dispatchId(), at, by)) {
            return;
        }
        audit.append(AuditKind.DISPATCH_ACKNOWLEDGED, by, "dispatch:" + dispatch.dispatchId(), dispatch.handoffId(), AuditDetails.of()
                .with("dispatchId", dispatch.dispatchId()).with("kind", dispatch.kind().value())
                .with("messageId", dispatch.messageId()).with("documentId", dispatch.documentId())
                .with("recipient", dispatch.recipient()).with("mode", mode.value()));
        if (dispatch.kind() == DispatchKind.MESSAGE) {
            ArchivedMessage message = archive.find(dispatch.messageId()).orElseThrow();
            Receipts.IssuedReceipt receipt = receipts.issueDelivery(
                    new DeliveryFacts(message, dispatch.recipient(), dispatch.dispatchId(), mode, at, by));
            router.routeDeliveryReceipt(message, receipt.receiptId());
            if (dispatch.recipient().equals(message.recipient())) {
                lifecycle.recordDelivered(message.handoffId(), message.messageId(), by, at);
            }
        }
    }
}
