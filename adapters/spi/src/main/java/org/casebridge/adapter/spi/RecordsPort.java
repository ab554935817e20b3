package org.casebridge.adapter.spi;

import java.util.List;

/** Reading back what the gateway holds for a message: the sealed message and its receipts. */
public interface RecordsPort {

    /**
     * @throws GatewayRejection NOT_FOUND unless the caller's agency sent, received or was copied the message
     */
    SignedDocument sealedMessage(Caller caller, String messageId, Encoding encoding);

    /**
     * @throws GatewayRejection NOT_FOUND unless the caller's agency sent, received or was copied the message
     */
    MessageReceipts receipts(Caller caller, String messageId, Encoding encoding);

    /** The transport receipt of a message and the delivery receipts issued so far, in issue order. */
    record MessageReceipts(SignedDocument transportReceipt, List<SignedDocument> deliveryReceipts) {
        public MessageReceipts {
            deliveryReceipts = List.copyOf(deliveryReceipts);
        }
    }
}
