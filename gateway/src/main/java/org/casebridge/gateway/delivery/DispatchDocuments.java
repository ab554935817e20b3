package org.casebridge.gateway.delivery;

import java.util.List;
import org.casebridge.adapter.spi.AttachmentSource;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.attachments.AttachmentService;
import org.casebridge.gateway.receipts.Receipts;
import org.casebridge.gateway.routing.Dispatch;
import org.springframework.stereotype.Component;

/** What a dispatch carries, in a given encoding: the sealed message or the signed receipt, and attachment content. */
@Component
class DispatchDocuments {

    private final MessageArchive archive;
    private final Receipts receipts;
    private final AttachmentService attachments;

    DispatchDocuments(MessageArchive archive, Receipts receipts, AttachmentService attachments) {
        this.archive = archive;
        this.receipts = receipts;
        this.attachments = attachments;
    }

    SignedDocument document(Dispatch dispatch, Encoding encoding) {
        if (dispatch.kind() == DispatchKind.DELIVERY_RECEIPT) {
            return receipts.receipt(dispatch.documentId(), encoding);
        }
        if (dispatch.kind() == DispatchKind.DEADLINE_WARNING) {
            return receipts.warning(dispatch.documentId(), encoding);
        }
        return receipts.seal(message(dispatch), encoding);
    }

    List<AttachmentSource> attachments(Dispatch dispatch) {
        if (dispatch.kind() != DispatchKind.MESSAGE) {
            return List.of();
        }
        return message(dispatch).attachments().stream()
                .map(link -> attachments.source(link.sha256()))
                .toList();
    }

    private ArchivedMessage message(Dispatch dispatch) {
        return archive.find(dispatch.messageId()).orElseThrow(() ->
                new IllegalStateException("dispatch " + dispatch.dispatchId() + " names unknown message " + dispatch.messageId()));
    }
}
