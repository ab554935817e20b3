package org.casebridge.gateway.intake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.IntakePort.Submitted;
import org.casebridge.contracts.v1.Attachment;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.Handoff;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.archive.UnreadableRecord;
import org.casebridge.gateway.attachments.AttachmentService;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.receipts.Receipts;
import org.springframework.stereotype.Component;

/**
 * The "admit" stage: a repeated messageId is answered with its original receipt; otherwise the
 * message must fit its handoff (a transfer opens a new one, a reply joins one its agencies take
 * part in) and every attachment it names must have been uploaded, with the declared size.
 */
@Component
class HandoffAdmission {

    private final MessageArchive archive;
    private final AttachmentService attachments;
    private final Receipts receipts;
    private final Lifecycle lifecycle;

    HandoffAdmission(MessageArchive archive, AttachmentService attachments, Receipts receipts, Lifecycle lifecycle) {
        this.archive = archive;
        this.attachments = attachments;
        this.receipts = receipts;
        this.lifecycle = lifecycle;
    }

    Admission admit(Submission submission) {
        Optional<Admission> repeat = recall(submission);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        requireFits(submission.message(), submission.content());
        return new Admission.Admitted(submission);
    }

    /** Whether a new message fits its handoff, where it stands and the content uploaded; reads only. */
    void requireFits(Message message) {
        requireFits(message, List.of());
    }

    /** @param content the attachments that came with the message, staged for it alone */
    void requireFits(Message message, List<AttachmentPort.Staged> content) {
        if (message.getType() == MessageType.REFERRAL_SUBMIT) {
            if (archive.handoff(message.getHandoffId()).isPresent()) {
                throw new GatewayRejection(Reason.HANDOFF_EXISTS, "handoff " + message.getHandoffId()
                        + " exists already; a transfer opens a new handoff", "Message/handoffId");
            }
        } else {
            Handoff handoff = archive.handoff(message.getHandoffId()).orElseThrow(() -> new GatewayRejection(
                    Reason.UNKNOWN_HANDOFF, "no handoff " + message.getHandoffId(), "Message/handoffId"));
            if (!handoff.hasParty(message.getSender().getAgency())) {
                // Answered like a missing handoff: agencies learn nothing about handoffs they are not part of.
                throw new GatewayRejection(Reason.UNKNOWN_HANDOFF, "no handoff " + message.getHandoffId(), "Message/handoffId");
            }
            if (!handoff.hasParty(message.getRecipient().getAgency())
                    && !MessageTypeRules.of(message.getType()).introducesRecipient()) {
                throw new GatewayRejection(Reason.NOT_A_PARTY, "agency " + message.getRecipient().getAgency()
                        + " takes no part in handoff " + handoff.handoffId(), "Message/recipient/agency");
            }
            if (!archive.handoffContains(handoff.handoffId(), message.getInReplyTo())) {
                throw new GatewayRejection(Reason.UNKNOWN_REPLY_TARGET, "handoff " + handoff.handoffId()
                        + " has no message " + message.getInReplyTo(), "Message/inReplyTo");
            }
        }
        lifecycle.check(message);
        checkAttachmentsStored(message, content);
    }

    /** The answer to a messageId seen before: the original receipt, or a conflict if the content differs. */
    Optional<Admission> recall(Submission submission) {
        Optional<ArchivedMessage> stored;
        try {
            stored = archive.find(submission.message().getMessageId());
        } catch (UnreadableRecord unreadable) {
            // Taken, but the original cannot be compared: the id stays used, the operator is told.
            org.slf4j.LoggerFactory.getLogger(HandoffAdmission.class).error("Repeat of message {} refused: {}",
                    unreadable.messageId(), unreadable.getMessage());
            throw new GatewayRejection(Reason.MESSAGE_ID_CONFLICT, "messageId " + unreadable.messageId()
                    + " was used before", "Message/messageId");
        }
        return stored.map(original -> {
            if (!original.sender().equals(submission.message().getSender().getAgency())
                    || !original.canonicalSha256().equals(submission.sha256())) {
                throw new GatewayRejection(Reason.MESSAGE_ID_CONFLICT, "messageId " + original.messageId()
                        + " was used before for a different message", "Message/messageId");
            }
            return new Admission.AlreadyAccepted(new Submitted(original.messageId(), false,
                    receipts.transportReceipt(original.messageId(), submission.encoding())));
        });
    }

    /**
     * Each attachment must be content the sender may name (it came with the message, the sender's
     * agency uploaded it, or it reached that agency in a message), with the declared size. Content
     * the sender may not name is answered exactly like content that was never uploaded, its size unsaid.
     */
    private void checkAttachmentsStored(Message message, List<AttachmentPort.Staged> content) {
        Map<String, Long> staged = content.stream()
                .collect(Collectors.toMap(AttachmentPort.Staged::sha256, AttachmentPort.Staged::size, (a, b) -> a));
        for (int i = 0; i < message.getAttachments().size(); i++) {
            Attachment attachment = message.getAttachments().get(i);
            String field = "Message/attachment[" + (i + 1) + "]";
            long declared = attachment.getSize();
            Optional<Long> usable = staged.containsKey(attachment.getSha256())
                    ? Optional.of(staged.get(attachment.getSha256()))
                    : attachments.usableSize(message.getSender().getAgency(), attachment.getSha256());
            Long stored = usable.orElseThrow(() -> new GatewayRejection(
                    Reason.ATTACHMENT_MISSING, "no content with SHA-256 " + attachment.getSha256()
                    + " was uploaded for " + attachment.getName(), field + "/sha256"));
            if (stored != declared) {
                throw new GatewayRejection(Reason.ATTACHMENT_DIGEST_MISMATCH, attachment.getName() + " is declared as "
                        + declared + " bytes but its content has " + stored, field + "/size");
            }
        }
    }

    static ArchivedMessage.AttachmentLink link(Attachment attachment) {
        return new ArchivedMessage.AttachmentLink(attachment.getSha256(), attachment.getName(),
                attachment.getMediaType(), attachment.getSize());
    }
}
