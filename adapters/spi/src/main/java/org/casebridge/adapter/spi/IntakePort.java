package org.casebridge.adapter.spi;

import org.casebridge.contracts.v1.Message;

/** Where a transport hands a submitted message: validated, authorized, stored, routed, receipted. */
public interface IntakePort {

    /**
     * @param message  the decoded message; its attachments' content must already be stored
     * @param encoding the encoding the transport speaks, in which the receipt is returned
     * @throws GatewayRejection when the message is refused; nothing is stored then
     */
    Submitted submit(Caller caller, Message message, Encoding encoding);

    /**
     * @param firstTime false when this messageId was accepted before: the receipt is the original one
     * @param receipt   the signed transport receipt
     */
    record Submitted(String messageId, boolean firstTime, SignedDocument receipt) {
    }
}
