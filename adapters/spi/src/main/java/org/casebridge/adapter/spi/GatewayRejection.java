package org.casebridge.adapter.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * The gateway refused a request. Transports map it to an HTTP status or a SOAP fault, always
 * with the stable {@link Reason#code()} and the readable message.
 */
public final class GatewayRejection extends RuntimeException {

    private final Reason reason;
    private final String field;
    private final Duration retryAfter;

    public GatewayRejection(Reason reason, String message) {
        this(reason, message, null);
    }

    public GatewayRejection(Reason reason, String message, String field) {
        this(reason, message, field, null);
    }

    /** @param retryAfter when the sender may try again (Retry-After); null when not worth saying */
    public GatewayRejection(Reason reason, String message, String field, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** When the same request may succeed, for refusals that are about the gateway, not the request. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return reason.code();
    }

    /** What callers read: the message, led by the field at fault when the message does not name it already. */
    public String detail() {
        return detail(field);
    }

    /** The message led by the field as a transport renders it (see {@link #field()}). */
    public String detail(String renderedField) {
        if (renderedField == null || getMessage().startsWith(renderedField)) {
            return getMessage();
        }
        return renderedField + ": " + getMessage();
    }

    /**
     * The field at fault; null when no single field is. A place in a message is named by its
     * neutral model path ({@code Message/attachment[1]/sha256}: XML element names, 1-based
     * indexes), which each transport renders in its encoding's syntax (contracts' FieldPaths);
     * anything else (a query parameter, a header, a pointer into another JSON body) as it is.
     */
    public String field() {
        return field;
    }

    /** The same refusal, at the given field: for a transport that knows where what the core refused came from. */
    public GatewayRejection at(String field) {
        return new GatewayRejection(reason, getMessage(), field, retryAfter);
    }

    /** Why a request is refused. The HTTP status is the one REST answers with; SOAP always faults. */
    public enum Reason {
        /** The message breaks its contract (schema or contract rule). */
        CONTRACT_VIOLATION(400),
        /** The body cannot be parsed in its encoding at all. */
        MALFORMED_REQUEST(400),
        /** An attachment's content does not match its declared digest or size. */
        ATTACHMENT_DIGEST_MISMATCH(422),
        /** A message names an attachment whose content was never uploaded. */
        ATTACHMENT_MISSING(422),
        /** The request is larger than the gateway accepts. */
        TOO_LARGE(413),
        /** The body's media type is not one the endpoint reads. */
        UNSUPPORTED_MEDIA_TYPE(415),
        /** No authenticated caller. */
        UNAUTHENTICATED(401),
        /** The caller may not send as the named sender. */
        SENDER_MISMATCH(403),
        /** The caller is not a party of the handoff or message. */
        NOT_A_PARTY(403),
        /** The caller's role does not allow this action. */
        FORBIDDEN(403),
        /** The caller, or its client address, has spent its request budget; Retry-After says when to come back. */
        RATE_LIMITED(429),
        /** An agency named in the message is not configured. */
        UNKNOWN_AGENCY(422),
        /** The message type may not flow between these kinds of agency. */
        TYPE_NOT_ALLOWED(422),
        /** The law asks for a copy to a party (the supervising prosecutor) that the message does not name. */
        COPY_REQUIRED(422),
        /** A reply names a handoff that does not exist. */
        UNKNOWN_HANDOFF(422),
        /** inReplyTo names no message of this handoff. */
        UNKNOWN_REPLY_TARGET(422),
        /**
         * A new transfer's handoffId, or a messageId, is not in the sender's namespace: it does not
         * start with the sending agency's id and a dash. Decided before anything is looked up.
         */
        ID_NOT_NAMESPACED(422),
        /** A new transfer reuses the id of an existing handoff (one of the sender's own ids). */
        HANDOFF_EXISTS(409),
        /** The message does not fit where its handoff stands now. */
        ILLEGAL_TRANSITION(409),
        /** The messageId was used before for a different message. */
        MESSAGE_ID_CONFLICT(409),
        /** An operator asked to retry or abandon a dispatch that is not (or no longer) a dead letter. */
        NOT_A_DEAD_LETTER(409),
        /** Nothing to return for the requested id visible to the caller. */
        NOT_FOUND(404),
        /** The record asked for is stored but cannot be read back; it is quarantined and an operator alerted. */
        QUARANTINED(409),
        /** The gateway cannot keep what it is given right now; nothing was accepted. */
        UNAVAILABLE(503),
        /**
         * The store of record (PostgreSQL) cannot be reached or cannot commit: nothing was
         * accepted; send the same message again after Retry-After.
         */
        STORE_UNAVAILABLE(503),
        /**
         * The gateway's disk is (nearly) full: nothing was accepted, and an operator must free
         * space. 507 (RFC 4918) rather than 503, so the sender's monitoring tells it from an outage.
         */
        STORAGE_FULL(507),
        /**
         * The broker has taken no dispatch for longer than the gateway's bound: what is accepted
         * now would not be delivered, so nothing is accepted until it does.
         */
        DELIVERY_STALLED(503);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public String code() {
            return name();
        }

        public int httpStatus() {
            return httpStatus;
        }
    }
}
