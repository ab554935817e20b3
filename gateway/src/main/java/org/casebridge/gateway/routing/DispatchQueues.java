package org.casebridge.gateway.routing;

/** The broker side of routing: one queue per recipient agency, and the message properties used on it. */
public final class DispatchQueues {

    /** Keeps messages of one handoff on one consumer, in order. */
    public static final String GROUP = "JMSXGroupID";
    /** Artemis drops a second message with the same id: a relay that resends after a crash causes no duplicate. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final String PREFIX = "casebridge.dispatch.";

    private DispatchQueues() {
    }

    public static String of(String agencyId) {
        return PREFIX + agencyId;
    }

    /**
     * The broker duplicate id of one sending of a dispatch: the same for a relay's resend of one
     * round, new for each round an operator re-queues (the broker still remembers the earlier ones).
     */
    public static String duplicateId(String dispatchId, int round) {
        return round == 0 ? dispatchId : dispatchId + ":" + round;
    }
}
