package org.casebridge.adapter.spi;

import java.util.List;
import org.casebridge.contracts.v1.Message;

/** Where a transport hands a submitted message: validated, authorized, stored, routed, receipted. */
public interface IntakePort {

    /**
     * @param message  the decoded message; its attachments' content must already be stored, by or
     *                 for the sender's agency (uploaded by it, or received in a message it may read)
     * @param encoding the encoding the transport speaks, in which the receipt is returned
     * @throws GatewayRejection when the message is refused; nothing is stored then
     */
    default Submitted submit(Caller caller, Message message, Encoding encoding) {
        return submit(caller, message, encoding, List.of());
    }

    /**
     * @param content attachments that came with the message, staged by {@link AttachmentPort#stage}:
     *                recorded (and then usable by the sender) in the transaction that records the
     *                message, never when it is refused. The caller closes them afterwards.
     * @throws GatewayRejection when the message is refused; nothing is stored then
     */
    Submitted submit(Caller caller, Message message, Encoding encoding, List<AttachmentPort.Staged> content);

    /**
     * @param firstTime false when this messageId was accepted before: the receipt is the original one
     * @param receipt   the signed transport receipt
     */
    record Submitted(String messageId, boolean firstTime, SignedDocument receipt) {
    }
}
