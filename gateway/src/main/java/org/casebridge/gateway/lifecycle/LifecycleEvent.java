package org.casebridge.gateway.lifecycle;

/** What moves a handoff; the names are also the start and stop events of the deadline rule sets. */
public enum LifecycleEvent {
    /** The transfer was accepted by the gateway. */
    SUBMITTED,
    /** The police collected or accepted the transfer. */
    DELIVERED,
    /** The police signed their receipt (回执): the statutory clocks start. */
    RECEIVED,
    /** The case is outside the receiving unit's jurisdiction and goes to the competent one. */
    FORWARDED,
    DEFICIENT,
    SUPPLEMENTED,
    REGISTERED,
    REFUSED,
    RECON_REQUESTED,
    RECON_DECIDED,
    REFUSED_FINAL,
    SUPERVISION,
    EXPLANATION_REQUESTED,
    EXPLAINED,
    REGISTER_ORDERED,
    SUPERVISION_CLOSED,
    ITEMS_HANDED_OVER,
    INVESTIGATING,
    MOVED,
    REVOKED,
    PROSECUTION_SUBMITTED,
    PROSECUTION_RECEIVED,
    /** The prosecutor accepted the dossier for review on the guilty-plea fast track. */
    FAST_TRACK_RECEIVED,
    RETURNED,
    RESUBMITTED,
    INDICTED,
    NOT_PROSECUTED,
    REVERSE_TRANSFERRED,
    CLOSED
}
