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
    /** The police found the materials incomplete. */
    DEFICIENT,
    /** The agency supplemented them; the case is under review again. */
    SUPPLEMENTED,
    /** The police registered the case (立案). */
    REGISTERED,
    /** The police refused to register it (不予立案). */
    REFUSED
}
