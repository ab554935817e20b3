package org.casebridge.gateway.access;

/** What a caller attempts; the names appear in the audit trail. */
public enum Action {
    SUBMIT,
    UPLOAD_ATTACHMENT,
    COLLECT_INBOX,
    ACKNOWLEDGE,
    READ_MESSAGE,
    READ_RECEIPTS,
    READ_ATTACHMENT,
    READ_HANDOFF,
    LIST_HANDOFFS,
    EXPORT_EVIDENCE,
    ADMINISTER,
    VERIFY_AUDIT_TRAIL
}
