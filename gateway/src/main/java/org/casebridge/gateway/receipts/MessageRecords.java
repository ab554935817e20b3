package org.casebridge.gateway.receipts;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.RecordsPort;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.MessageArchive;
import org.springframework.stereotype.Service;

/** A message and its receipts, for the agencies that took part in it. */
@Service
class MessageRecords implements RecordsPort {

    private final MessageArchive archive;
    private final Receipts receipts;

    MessageRecords(MessageArchive archive, Receipts receipts) {
        this.archive = archive;
        this.receipts = receipts;
    }

    @Override
    public SignedDocument sealedMessage(Caller caller, String messageId, Encoding encoding) {
        return receipts.seal(visible(caller, messageId), encoding);
    }

    @Override
    public MessageReceipts receipts(Caller caller, String messageId, Encoding encoding) {
        visible(caller, messageId);
        return new MessageReceipts(receipts.transportReceipt(messageId, encoding),
                receipts.deliveryReceipts(messageId, encoding));
    }

    /** Someone else's message is answered exactly like a missing one, so ids cannot be probed. */
    private ArchivedMessage visible(Caller caller, String messageId) {
        if (caller.agencyId() != null && archive.isParty(caller.agencyId(), messageId)) {
            return archive.find(messageId).orElseThrow();
        }
        throw new GatewayRejection(GatewayRejection.Reason.NOT_FOUND, "no message " + messageId + " visible to the caller");
    }
}
