package org.casebridge.adapter.spi;

import java.io.InputStream;

/** Attachment content, stored by SHA-256 and streamed in both directions, never held whole in memory. */
public interface AttachmentPort {

    /**
     * Streams content to storage while hashing it; keeps it only if the digest matches.
     *
     * @param expectedSha256 hex digest the caller declared
     * @param declaredSize   the size the caller announced (REST: Content-Length; SOAP: the message's
     *                       declaration), or -1 if none: above the gateway's maximum attachment size the
     *                       upload is refused before its first byte is read, and content longer than
     *                       announced is refused
     * @throws GatewayRejection ATTACHMENT_DIGEST_MISMATCH or TOO_LARGE; nothing is kept then
     */
    StoredAttachment store(Caller caller, InputStream content, String expectedSha256, String mediaType, long declaredSize);

    /**
     * Content of an attachment of a message the caller's agency sent or received.
     *
     * @throws GatewayRejection NOT_FOUND when there is none the caller may read
     */
    AttachmentSource open(Caller caller, String sha256);

    record StoredAttachment(String sha256, long size, String mediaType) {
    }
}
