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

    /** The signed document a dispatch delivers, and the content of the attachments it names: one read of the message. */
    Contents contents(Dispatch dispatch, Encoding encoding) {
        if (dispatch.kind() == DispatchKind.DELIVERY_RECEIPT) {
            return new Contents(receipts.receipt(dispatch.documentId(), encoding), List.of());
        }
        if (dispatch.kind() == DispatchKind.DEADLINE_WARNING) {
            return new Contents(receipts.warning(dispatch.documentId(), encoding), List.of());
        }
        ArchivedMessage message = message(dispatch);
        return new Contents(receipts.seal(message, encoding), message.attachments().stream()
                .map(link -> attachments.source(link.sha256(), link.mediaType()))
                .toList());
    }

    record Contents(SignedDocument document, List<AttachmentSource> attachments) {
    }

    private ArchivedMessage message(Dispatch dispatch) {
        return archive.find(dispatch.messageId()).orElseThrow(() ->
                new IllegalStateException("dispatch " + dispatch.dispatchId() + " names unknown message " + dispatch.messageId()));
    }
}
