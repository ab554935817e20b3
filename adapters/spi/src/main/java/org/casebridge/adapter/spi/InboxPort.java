package org.casebridge.adapter.spi;

import java.util.List;
import java.util.Optional;
import org.casebridge.contracts.v1.DispatchKind;

/** The pull side of delivery: what waits for an agency, and its acknowledgement. */
public interface InboxPort {

    int MAX_PAGE = 100;

    /** Deliveries waiting for the caller's agency, oldest first; they stay until acknowledged. */
    List<Delivery> fetch(Caller caller, int max, Encoding encoding);

    /**
     * Acknowledges a delivery to the caller's agency. Idempotent: a second call answers the same.
     *
     * @return the signed delivery receipt issued to the sender, if the delivery was a message
     * @throws GatewayRejection NOT_FOUND when no such delivery is addressed to the caller
     */
    Optional<SignedDocument> acknowledge(Caller caller, String dispatchId, Encoding encoding);

    /**
     * One dispatch: a sealed message (with the content digests of its attachments) or a signed delivery receipt.
     */
    record Delivery(String dispatchId, DispatchKind kind, SignedDocument document, List<AttachmentSource> attachments) {
        public Delivery {
            attachments = List.copyOf(attachments);
        }
    }
}
