package org.casebridge.gateway.intake;

import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.IntakePort.Submitted;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.contracts.v1.Party;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.attachments.AttachmentService;
import org.casebridge.gateway.audit.AuditDetails;
import org.casebridge.gateway.audit.AuditKind;
import org.casebridge.gateway.audit.AuditLog;
import org.casebridge.gateway.commits.GroupCommit;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.receipts.Receipts;
import org.casebridge.gateway.routing.Router;
import org.springframework.stereotype.Component;

/**
 * The "persist" and "route" stages, as one transaction: the message is archived, its dispatches
 * and outbox entries are created and its transport receipt is signed and stored, or none of it
 * happens; so are the rows of attachment content that came with the message (its files are put in
 * place just before, and removed again if the message is not recorded). The receipt is returned only after the commit. Concurrent messages share transactions
 * ({@link GroupCommit}).
 */
@Component
class Recorder {

    private final MessageArchive archive;
    private final Router router;
    private final Receipts receipts;
    private final GroupCommit commits;
    private final HandoffAdmission admission;
    private final Lifecycle lifecycle;
    private final String node;
    private final AuditLog audit;
    private final AttachmentService attachments;

    Recorder(MessageArchive archive, Router router, Receipts receipts, HandoffAdmission admission, Lifecycle lifecycle,
            GatewayProperties gateway, AuditLog audit, GroupCommit commits, AttachmentService attachments) {
        this.attachments = attachments;
        this.audit = audit;
        this.lifecycle = lifecycle;
        this.archive = archive;
        this.router = router;
        this.receipts = receipts;
        this.commits = commits;
        this.admission = admission;
        this.node = gateway.receivingGateway();
    }

    Submitted record(Admission admitted) {
        if (admitted instanceof Admission.AlreadyAccepted repeat) {
            return repeat.original();
        }
        Submission submission = ((Admission.Admitted) admitted).submission();
        ArchivedMessage archived = toArchived(submission);
        try {
            attachments.place(submission.content());
            SignedDocument receipt = commits.inTransaction(() -> write(submission, archived));
            return new Submitted(archived.messageId(), true, receipt);
        } catch (LostRace race) {
            attachments.discard(submission.content(), race);
            // A concurrent submission took the id first: answer as for any repeat.
            return admission.recall(submission)
                    .map(repeat -> ((Admission.AlreadyAccepted) repeat).original())
                    .orElseThrow(() -> new GatewayRejection(Reason.HANDOFF_EXISTS, "handoff "
                            + archived.handoffId() + " exists already", "Message/handoffId"));
        } catch (RuntimeException e) {
            attachments.discard(submission.content(), e);
            throw e;
        }
    }

    /** Everything recording a message writes, in the transaction it is given. */
    private SignedDocument write(Submission submission, ArchivedMessage archived) {
        if (archived.type() == MessageType.REFERRAL_SUBMIT && !archive.openHandoff(archived)) {
            throw new LostRace();
        }
        if (!archive.store(archived)) {
            throw new LostRace();
        }
        // Content that came with the message becomes the sender's only now, with the message.
        attachments.record(submission.content());
        audit.append(AuditKind.MESSAGE_ACCEPTED, submission.caller().subject(), "message:" + archived.messageId(),
                archived.handoffId(), accepted(archived));
        lifecycle.recordMessage(submission.message(), submission.caller().subject(), submission.receivedAt());
        router.routeMessage(archived);
        return receipts.issueTransport(archived, submission.encoding());
    }

    private static AuditDetails accepted(ArchivedMessage archived) {
        return AuditDetails.of()
                .with("messageId", archived.messageId())
                .with("type", archived.type().value())
                .with("sender", archived.sender())
                .with("recipient", archived.recipient())
                .with("copies", archived.copies())
                .with("sha256", archived.canonicalSha256())
                .withObjects("attachments", archived.attachments().stream()
                        .map(a -> AuditDetails.of().with("name", a.name()).with("sha256", a.sha256()).with("size", a.size()))
                        .toList());
    }

    private ArchivedMessage toArchived(Submission submission) {
        Message m = submission.message();
        return new ArchivedMessage(m.getMessageId(), m.getHandoffId(), m.getInReplyTo(), m.getType(), m.getProfile(),
                m.getSender().getAgency(), m.getRecipient().getAgency(),
                m.getCopyTo().stream().map(Party::getAgency).toList(), m.getSentAt(), submission.receivedAt(), node,
                submission.sha256(), submission.canonicalJson(),
                m.getAttachments().stream().map(HandoffAdmission::link).toList());
    }

    private static final class LostRace extends RuntimeException {
        LostRace() {
            super(null, null, false, false);
        }
    }
}
