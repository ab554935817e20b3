package org.casebridge.gateway.deadlines;

/** How a clock's duration is counted. */
public enum PeriodUnit {
    /** Elapsed hours from the next full hour; never rolls forward over a day off. */
    HOURS,
    /** Every day counts; the period ends at the end of the last day. */
    CALENDAR_DAYS,
    /** Only working days of the calendar count (adjusted working weekends included). */
    WORKING_DAYS,
    /** Same day of the target month; month ends map to month ends. */
    MONTHS;

    String label(long amount) {
        return switch (this) {
            case HOURS -> amount == 1 ? "hour" : "hours";
            case CALENDAR_DAYS -> amount == 1 ? "calendar day" : "calendar days";
            case WORKING_DAYS -> amount == 1 ? "working day" : "working days";
            case MONTHS -> amount == 1 ? "month" : "months";
        };
    }
}
