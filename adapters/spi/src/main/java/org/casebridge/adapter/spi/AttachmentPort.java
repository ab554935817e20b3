package org.casebridge.adapter.spi;

import java.io.InputStream;

/** Attachment content, stored by SHA-256 and streamed in both directions, never held whole in memory. */
public interface AttachmentPort {

    /**
     * Streams content to storage while hashing it; keeps it only if the digest matches.
     *
     * @param expectedSha256 hex digest the caller declared
     * @param maxSize        bytes the transport allows for this upload
     * @throws GatewayRejection ATTACHMENT_DIGEST_MISMATCH or TOO_LARGE; nothing is kept then
     */
    StoredAttachment store(Caller caller, InputStream content, String expectedSha256, String mediaType, long maxSize);

    /**
     * Content of an attachment of a message the caller's agency sent or received.
     *
     * @throws GatewayRejection NOT_FOUND when there is none the caller may read
     */
    AttachmentSource open(Caller caller, String sha256);

    record StoredAttachment(String sha256, long size, String mediaType) {
    }
}
