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
     * Streams content that comes with a message (SOAP MTOM parts) into storage, checked like
     * {@link #store}, but grants nobody anything: it is kept only if intake accepts the message,
     * with the message ({@link IntakePort#submit(Caller, org.casebridge.contracts.v1.Message, Encoding, java.util.List)}).
     * Close the result once intake has answered; what intake did not keep is removed then.
     *
     * @throws GatewayRejection ATTACHMENT_DIGEST_MISMATCH or TOO_LARGE; nothing is kept then
     */
    Staged stage(Caller caller, InputStream content, String expectedSha256, String mediaType, long declaredSize);

    /**
     * Content the caller's agency uploaded, or an attachment of a message it sent or received.
     *
     * @throws GatewayRejection NOT_FOUND when there is none the caller may read, answered alike
     *                          whether the content is stored for others or not stored at all
     */
    AttachmentSource open(Caller caller, String sha256);

    record StoredAttachment(String sha256, long size, String mediaType) {
    }

    /** Verified content staged for one submission, usable by that submission only. */
    interface Staged extends AutoCloseable {

        String sha256();

        long size();

        /** Removes the content unless the message that carried it was recorded. */
        @Override
        void close();
    }
}
