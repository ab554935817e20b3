package org.casebridge.adapter.spi;

import java.util.List;
import org.casebridge.contracts.v1.DeliveryMode;
import org.casebridge.contracts.v1.DispatchKind;

/**
 * The producer side of a transport: pushes one dispatch to an agency's endpoint. Called again
 * for the same dispatchId after a failure or a crash, so endpoints must treat a repeat as done.
 */
public interface OutboundTransport {

    /** The delivery mode this transport serves, e.g. PUSH_SOAP. */
    DeliveryMode mode();

    /** The encoding of the signed documents this transport carries. */
    Encoding encoding();

    /**
     * @return how the endpoint answered; a transport never throws for a refusal or a network fault
     */
    PushResult push(AgencyEndpoint endpoint, Push push);

    /** What is pushed: the dispatch and its document in {@link #encoding()}, with attachment content. */
    record Push(String dispatchId, DispatchKind kind, SignedDocument document, List<AttachmentSource> attachments) {
        public Push {
            attachments = List.copyOf(attachments);
        }
    }

    /** The endpoint's answer. */
    sealed interface PushResult {
        /** The endpoint stored the dispatch; {@code acknowledgedBy} names who answered. */
        record Accepted(String acknowledgedBy) implements PushResult {
        }

        /** Not delivered this time: the endpoint refused, failed or could not be reached. */
        record Failed(String reason) implements PushResult {
        }
    }
}
