package org.casebridge.gateway.routing;

/** Where a dispatch stands. */
public enum DispatchState {
    /** Created with its message; on its way through the broker. */
    QUEUED,
    /** In the recipient's inbox, waiting to be collected and acknowledged (PULL). */
    AVAILABLE,
    /** The recipient acknowledged it, or its endpoint accepted the push. Final. */
    ACKNOWLEDGED,
    /** Its pushes failed as often as the agency's retry policy allows; off the queue, waiting for an operator. */
    DEAD_LETTER,
    /** Off the queue behind an earlier dispatch of its handoff to the same agency that is not through yet. */
    HELD,
    /** An operator gave up on it as a dead letter, with a reason. Final. */
    ABANDONED
}
