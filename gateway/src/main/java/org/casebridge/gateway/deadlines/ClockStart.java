package org.casebridge.gateway.deadlines;

/** The instant a clock counts from. */
public enum ClockStart {
    /** When the gateway accepted the message that raised the start event. */
    EVENT,
    /**
     * When the decision that message reports was taken (its notice's decidedAt): for limits on
     * telling another party about a decision, which run before the telling message exists.
     */
    DECISION
}
