package org.casebridge.gateway.archive;

import java.util.Optional;

/** Reading and writing the archive. Writes join the caller's transaction. */
public interface MessageArchive {

    /** @throws UnreadableRecord if the message is stored but cannot be read back */
    Optional<ArchivedMessage> find(String messageId);

    /** Whether a message of this id is stored, readable or not. */
    boolean exists(String messageId);

    Optional<Handoff> handoff(String handoffId);

    /** Opens a handoff for its first message; false if the id is taken. */
    boolean openHandoff(ArchivedMessage opening);

    /** Stores a message of an open handoff and adds its agencies to the handoff; false if the id is taken. */
    boolean store(ArchivedMessage message);

    boolean handoffContains(String handoffId, String messageId);

    /** Whether the agency sent, received or was copied the message. */
    boolean isParty(String agencyId, String messageId);

    /**
     * Handoffs, most recently active first.
     *
     * @param party only handoffs this agency takes part in; null for all
     */
    java.util.List<HandoffSummary> handoffs(String party, int limit, int offset);

    /** The messages of a handoff in the order the gateway accepted them. */
    java.util.List<ArchivedMessage> messagesOf(String handoffId);

    /** The ids of a handoff's messages in the order the gateway accepted them, to read one at a time. */
    java.util.List<String> messageIdsOf(String handoffId);

    /** Whether the agency sent, received or was copied a message naming this attachment. */
    boolean mayReadAttachment(String agencyId, String sha256);

    /** The media type the first message naming this attachment that the agency is a party of declares for it. */
    Optional<String> attachmentMediaType(String agencyId, String sha256);
}
