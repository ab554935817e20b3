package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.shanghai;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.synthetic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counting rules no shipped cn clock exercises on its own: working days (APL 85 style), and a
 * start day (or hour) that counts. Clocks are written inline with the cn calendar.
 */
class DeadlineCountingRulesTest {

    @ParameterizedTest(name = "{0} {1}, start counts {2}, from {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # amount | unit          | start counts | start            | due               | hand count
            5        | WORKING_DAYS  | false        | 2026-09-30 10:00 | 2026-10-13 24:00  | Oct 8, 9, 10 (working Sat), skip Sun 11, 12, 13
            3        | WORKING_DAYS  | false        | 2026-02-12 10:00 | 2026-02-24 24:00  | Feb 13, 14 (working Sat), skip Spring Festival, 24
            3        | WORKING_DAYS  | true         | 2026-02-13 10:00 | 2026-02-24 24:00  | Feb 13 itself, 14, 24
            3        | WORKING_DAYS  | true         | 2026-02-15 10:00 | 2026-02-26 24:00  | Feb 15 is a day off so it cannot count: 24, 25, 26
            1        | WORKING_DAYS  | false        | 2026-03-06 17:00 | 2026-03-09 24:00  | Friday -> Monday
            2        | WORKING_DAYS  | false        | 2026-01-03 10:00 | 2026-01-05 24:00  | Sun Jan 4 is worked, Mon Jan 5
            3        | CALENDAR_DAYS | false        | 2026-03-02 10:00 | 2026-03-05 24:00  | Mar 3, 4, 5
            3        | CALENDAR_DAYS | true         | 2026-03-02 10:00 | 2026-03-04 24:00  | Mar 2, 3, 4
            1        | MONTHS        | true         | 2026-03-10 10:00 | 2026-04-09 24:00  | the day before the same day of next month
            24       | HOURS         | true         | 2026-03-10 09:15 | 2026-03-11 09:00  | the starting hour counts: from 09:00
            24       | HOURS         | false        | 2026-03-10 09:00 | 2026-03-11 10:00  | an event exactly on the hour is still inside that hour
            """)
    void counts(long amount, PeriodUnit unit, boolean startCounts, String start, String due, String handCount) {
        ClockRule rule = synthetic("{amount: %d, unit: %s}".formatted(amount, unit), startCounts);

        assertThat(CALCULATOR.compute(rule, shanghai(start)).dueAt()).as(handCount).isEqualTo(shanghai(due));
    }

    @Test
    void workingDayExplanationNamesTheSkippedDays() {
        Deadline deadline = CALCULATOR.compute(synthetic("{amount: 5, unit: WORKING_DAYS}", false),
                shanghai("2026-09-30 10:00"));

        assertThat(deadline.explanation()).contains("5 working days from 2026-09-30, start day not counted, skipping days off"
                + " 2026-10-01..2026-10-07 (国庆节 National Day), 2026-10-11 (Sunday) -> 2026-10-13");
        assertThat(deadline.rolledForward()).isFalse();
    }

    @Test
    void monthExplanationSaysWhichMonthRuleApplied() {
        ClockRule month = DeadlineFixtures.cn("supplementary-investigation");

        assertThat(CALCULATOR.compute(month, shanghai("2026-01-31")).explanation()).contains(
                "1 month from 2026-01-31, start day not counted -> 2026-02-28 (2026-01-31 is the last day of its month,"
                        + " so the period ends on the last day of the target month)");
        assertThat(CALCULATOR.compute(month, shanghai("2026-01-30")).explanation()).contains(
                "1 month from 2026-01-30, start day not counted -> 2026-02-28 (the target month has no day 30: its last day)");
    }
}
