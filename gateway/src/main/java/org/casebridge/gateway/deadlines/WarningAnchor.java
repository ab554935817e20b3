package org.casebridge.gateway.deadlines;

/** What a warning level is pinned to. */
public enum WarningAnchor {
    /** start + fraction x (due - start) */
    FRACTION,
    /** The start of the due day; for hour clocks one hour before the due moment. */
    DUE_DAY,
    /** The due moment itself. */
    DEADLINE
}
