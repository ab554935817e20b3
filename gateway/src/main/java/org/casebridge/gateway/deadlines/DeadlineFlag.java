package org.casebridge.gateway.deadlines;

/** Facts about a computed deadline that the tracking view must show next to it. */
public enum DeadlineFlag {
    /**
     * A date the computation needed lies in a year with no calendar file. Such days were treated as
     * working days and not rolled over, so the due moment is the earliest possible one: compute
     * again once the year's calendar is added.
     */
    BEYOND_CALENDAR,
    /** The last day was a day off but the person is in custody, so it was not rolled forward. */
    NO_ROLL_FORWARD_IN_CUSTODY,
    /** Paused time moved the deadline. */
    PAUSED,
    /** An approved extension lengthened or replaced the period. */
    EXTENDED,
    /** The rule or an applied extension is not yet verified against the legal text. */
    UNVERIFIED_RULE,
    /** The law says "at once" or "promptly": the deadline is the gateway's target, not a legal limit. */
    OPERATIONAL_TARGET
}
