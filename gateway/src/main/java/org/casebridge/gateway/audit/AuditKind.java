package org.casebridge.gateway.audit;

/** What an audit entry records; the names are stored and hashed, so they never change. */
public enum AuditKind {
    MESSAGE_ACCEPTED,
    RECEIPT_ISSUED,
    STATE_CHANGED,
    DEADLINE_WARNING_FIRED,
    DISPATCH_ACKNOWLEDGED,
    ACCESS,
    CONFIGURATION_LOADED,
    CONFIGURATION_CHANGED
}
