package org.casebridge.gateway.archive;

/**
 * A stored message that cannot be read back: a column the decoder cannot hold (a timestamp of
 * ±infinity), or canonical JSON that no longer matches its digest. It is a defect or damage, never
 * the caller's doing; whoever meets it skips or quarantines that one record, alerts the operator
 * and goes on with the rest, so one bad row cannot block what lies behind it.
 */
public final class UnreadableRecord extends RuntimeException {

    private final String messageId;

    UnreadableRecord(String messageId, String problem, Throwable cause) {
        super("the stored record of message " + messageId + " cannot be read: " + problem, cause);
        this.messageId = messageId;
    }

    public String messageId() {
        return messageId;
    }
}
