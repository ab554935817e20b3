package org.casebridge.gateway.lifecycle;

/** Where a handoff stands (DOMAIN.md, "Handoff lifecycle"). */
public enum HandoffState {
    SUBMITTED,
    DELIVERED,
    RECEIVED,
    DEFICIENT,
    UNDER_REVIEW,
    FORWARDED,
    REGISTERED,
    REFUSED
}
