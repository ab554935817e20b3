package org.casebridge.gateway.deadlines;

/** How an approved extension changes a clock's period. */
public enum ExtensionMode {
    /** Adds to the period: prosecution review 1 month + 15 days. */
    ADD,
    /** Replaces the period: a police review of 3 days becomes 7 or 30 days in all. */
    TOTAL
}
