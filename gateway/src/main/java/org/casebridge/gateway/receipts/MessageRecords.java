package org.casebridge.gateway.receipts;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.RecordsPort;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.archive.UnreadableRecord;
import org.springframework.stereotype.Service;

/** A message and its receipts, for the agencies that took part in it. */
@Service
class MessageRecords implements RecordsPort {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessageRecords.class);

    private final MessageArchive archive;
    private final Receipts receipts;
    private final AccessPolicy access;

    MessageRecords(MessageArchive archive, Receipts receipts, AccessPolicy access) {
        this.archive = archive;
        this.receipts = receipts;
        this.access = access;
    }

    @Override
    public SignedDocument sealedMessage(Caller caller, String messageId, Encoding encoding) {
        access.requireMessageRead(caller, messageId, Action.READ_MESSAGE);
        try {
            return receipts.seal(archive.find(messageId).orElseThrow(), encoding);
        } catch (UnreadableRecord unreadable) {
            log.error("Read of message {} refused: {}", messageId, unreadable.getMessage(), unreadable);
            throw new GatewayRejection(GatewayRejection.Reason.QUARANTINED, "message " + messageId
                    + " is stored but cannot be read back; an operator has been alerted");
        }
    }

    @Override
    public MessageReceipts receipts(Caller caller, String messageId, Encoding encoding) {
        access.requireMessageRead(caller, messageId, Action.READ_RECEIPTS);
        return new MessageReceipts(receipts.transportReceipt(messageId, encoding),
                receipts.deliveryReceipts(messageId, encoding));
    }
}
