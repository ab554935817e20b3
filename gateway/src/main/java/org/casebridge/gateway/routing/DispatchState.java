package org.casebridge.gateway.routing;

/** Where a dispatch stands. */
public enum DispatchState {
    /** Created with its message; on its way through the broker. */
    QUEUED,
    /** In the recipient's inbox, waiting to be collected and acknowledged (PULL). */
    AVAILABLE,
    /** The recipient acknowledged it, or its endpoint accepted the push. Final. */
    ACKNOWLEDGED
}
