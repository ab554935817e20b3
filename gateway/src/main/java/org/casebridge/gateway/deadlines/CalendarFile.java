package org.casebridge.gateway.deadlines;

import java.util.List;

/**
 * One year of a holiday calendar as written (YAML), named {@code <calendar>-<year>.yml}.
 *
 * <pre>
 * calendar: cn
 * year: 2026
 * source: "State Council notice of 2025-11-04"
 * weekend: [SATURDAY, SUNDAY]          # optional, this is the default
 * daysOff:                             # inclusive ranges, with an optional name
 *   - [2026-10-01, 2026-10-07, "国庆节 National Day"]
 * workingWeekends: [2026-10-10]        # weekend days the calendar makes working days
 * </pre>
 */
record CalendarFile(
        String calendar,
        Integer year,
        String source,
        List<String> weekend,
        List<List<String>> daysOff,
        List<String> workingWeekends) {
}
