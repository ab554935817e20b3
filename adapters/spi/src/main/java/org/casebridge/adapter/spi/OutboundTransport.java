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

        /**
         * Not delivered this time: the endpoint refused, failed or could not be reached.
         *
         * @param kind   what went wrong, for operators' figures and attempt records
         * @param reason a short readable account, e.g. "read timed out after PT2S" or "HTTP 500"
         */
        record Failed(FailureKind kind, String reason) implements PushResult {
            public Failed(String reason) {
                this(FailureKind.OTHER, reason);
            }
        }
    }

    /** Why a push failed, as far as the transport can tell. */
    enum FailureKind {
        /** Nothing listens at the endpoint's address (port closed). */
        CONNECTION_REFUSED,
        /** No connection within the agency's connect-timeout. */
        CONNECT_TIMEOUT,
        /** Connected, but no answer within the agency's read-timeout. */
        READ_TIMEOUT,
        /** The endpoint answered with an HTTP status that is not success. */
        HTTP_STATUS,
        /** The endpoint answered with a fault of the contract, or for another dispatch. */
        REFUSED_BY_ENDPOINT,
        /** Any other network fault (reset, TLS, DNS). */
        NETWORK,
        /** Anything else. */
        OTHER
    }
}
