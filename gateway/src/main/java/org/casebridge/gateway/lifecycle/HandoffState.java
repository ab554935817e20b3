package org.casebridge.gateway.lifecycle;

/** Where a handoff stands (DOMAIN.md, "Handoff lifecycle", Chinese profile). */
public enum HandoffState {
    SUBMITTED,
    DELIVERED,
    RECEIVED,
    DEFICIENT,
    UNDER_REVIEW,
    FORWARDED,
    REGISTERED,
    ITEMS_HANDED_OVER,
    INVESTIGATING,
    MOVED,
    REVOKED,
    REFUSED,
    RECON_REQUESTED,
    RECON_DECIDED,
    REFUSED_FINAL,
    SUPERVISION,
    EXPLAINED,
    REGISTER_ORDERED,
    SUPERVISION_CLOSED,
    PROSECUTION_SUBMITTED,
    PROSECUTION_REVIEW,
    RETURNED,
    INDICTED,
    NOT_PROSECUTED,
    REVERSE_TRANSFERRED,
    CLOSED
}
