package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.RULES;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.cn;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.shanghai;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every clock of the Chinese profile against a due time worked out by hand from the law (start
 * day or hour not counted, roll-forward over days off) and the 2026 State Council calendar:
 * days off Jan 1-3, Feb 15-23, Apr 4-6, May 1-5, Jun 19-21, Sep 25-27, Oct 1-7; working weekend
 * days Jan 4, Feb 14, Feb 28, May 9, Sep 20, Oct 10.
 */
class DeadlineCnProfileTest {

    private static final List<Arguments> CASES = List.of(
            // Hours: from the next full hour, never rolled forward.
            row("police-receipt", "2026-03-10 09:15", "2026-03-11 10:00", false, "24 h counted from 10:00"),
            row("forwarding", "2026-03-10 23:59", "2026-03-11 24:00", false, "24 h counted from midnight"),
            row("deficiency-notice", "2026-10-01 08:00", "2026-10-02 09:00", false, "starts and ends in National Day: no roll-forward"),
            row("transfer-dispatch", "2026-02-14 16:40", "2026-02-15 17:00", false, "ends on Spring Festival: no roll-forward"),
            row("reporter-receipt", "2026-05-05 22:10", "2026-05-06 23:00", false, "24 h counted from 23:00"),
            // Calendar days, start day not counted.
            row("police-decision", "2026-09-30 10:00", "2026-10-08 24:00", true, "Oct 3 in National Day -> Oct 8"),
            row("supplement", "2026-02-13 15:00", "2026-02-24 24:00", true, "Feb 16 in Spring Festival -> Feb 24"),
            row("supplement", "2026-02-11 09:00", "2026-02-14 24:00", false, "Feb 14 is a working Saturday"),
            row("transfer-approval", "2026-09-22", "2026-09-28 24:00", true, "Sep 25 Mid-Autumn, 26-27 off -> Sep 28"),
            row("transfer-approval", "2026-02-25", "2026-02-28 24:00", false, "Feb 28 is a working Saturday"),
            row("recon-request", "2026-03-04", "2026-03-09 24:00", true, "plain weekend Mar 7-8 -> Monday"),
            row("recon-decision", "2026-06-17", "2026-06-22 24:00", true, "Jun 20 in Dragon Boat Festival -> Jun 22"),
            row("supervision-request", "2026-09-17", "2026-09-20 24:00", false, "Sunday Sep 20 is a working day"),
            row("refusal-explanation", "2026-04-27", "2026-05-06 24:00", true, "May 4 in Labour Day -> May 6"),
            row("ordered-registration", "2026-09-15", "2026-09-30 24:00", false, "15 days across Mid-Autumn, ends on a Wednesday"),
            row("items-handover", "2026-10-07", "2026-10-10 24:00", false, "Oct 10 is a working Saturday"),
            row("revocation-notice", "2026-01-01 10:00", "2026-01-04 24:00", false, "Sunday Jan 4 is a working day"),
            row("move-notice", "2026-04-01", "2026-04-07 24:00", true, "Apr 4 in Qingming, Apr 5-6 off -> Apr 7"),
            row("reverse-transfer", "2026-12-28", "2026-12-31 24:00", false, "Thursday"),
            row("reverse-transfer-after-non-prosecution", "2026-05-06", "2026-05-09 24:00", false, "May 9 is a working Saturday"),
            row("non-prosecution-recon-request", "2026-11-09", "2026-11-16 24:00", false, "Monday"),
            row("non-prosecution-review-request", "2026-11-20", "2026-11-27 24:00", false, "Friday"),
            row("fast-track-review", "2026-04-20", "2026-04-30 24:00", false, "Thursday before Labour Day"),
            row("administrative-penalty", "2026-03-02", "2026-06-01 24:00", true, "90 days -> Sunday May 31 -> Monday"),
            row("public-order-case", "2026-03-02", "2026-04-01 24:00", false, "Wednesday"),
            row("complainant-refusal-notice", "2026-07-01", "2026-07-06 24:00", true, "Saturday Jul 4 -> Monday"),
            row("complainant-recon-request", "2026-07-01", "2026-07-08 24:00", false, "Wednesday"),
            row("complainant-recon-decision", "2026-07-08", "2026-08-07 24:00", false, "30 days -> Friday"),
            // Months: same day of the target month; month ends map to month ends.
            row("prosecution-review", "2026-03-10 14:00", "2026-04-10 24:00", false, "same day of next month, a Friday"),
            row("prosecution-review", "2026-09-01", "2026-10-08 24:00", true, "Oct 1 is National Day -> Oct 8"),
            row("supplementary-investigation", "2026-01-31", "2026-02-28 24:00", false, "Jan 31 + 1 month = Feb 28, a working Saturday"),
            row("supplementary-investigation", "2026-01-30", "2026-02-28 24:00", false, "February has no 30th: its last day"),
            row("supplementary-investigation", "2026-08-31", "2026-09-30 24:00", false, "Aug 31 + 1 month = Sep 30"),
            row("supplementary-investigation", "2026-02-28", "2026-03-31 24:00", false, "last day of February -> last day of March"),
            row("supplementary-investigation", "2026-04-30", "2026-06-01 24:00", true, "last day of April -> Sunday May 31 -> Monday"));

    private static Arguments row(String clock, String start, String due, boolean rolled, String why) {
        return Arguments.of(clock, start, due, rolled, why);
    }

    static Stream<Arguments> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0} from {1} -> {2} ({4})")
    @MethodSource("cases")
    void dueTimeMatchesTheHandCount(String clock, String start, String due, boolean rolled, String why) {
        Deadline deadline = CALCULATOR.compute(cn(clock), shanghai(start));

        assertThat(deadline.dueAt()).as(why).isEqualTo(shanghai(due));
        assertThat(deadline.rolledForward()).as("rolled forward").isEqualTo(rolled);
        assertThat(deadline.flags()).doesNotContain(DeadlineFlag.BEYOND_CALENDAR);
    }

    @Test
    void everyClockOfTheProfileIsCheckedAbove() {
        Set<String> checked = CASES.stream().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertThat(checked).containsExactlyInAnyOrderElementsOf(RULES.profile("cn").clocks().keySet());
    }

    @Test
    void custodyKeepsAMonthEndingOnNationalDay() {
        ClockRule review = cn("prosecution-review");

        Deadline free = CALCULATOR.compute(review, shanghai("2026-09-01"), false, List.of(), List.of());
        Deadline held = CALCULATOR.compute(review, shanghai("2026-09-01"), true, List.of(), List.of());

        assertThat(free.dueAt()).isEqualTo(shanghai("2026-10-08 24:00"));
        assertThat(held.dueAt()).isEqualTo(shanghai("2026-10-01 24:00"));
        assertThat(held.rolledForward()).isFalse();
        assertThat(held.flags()).contains(DeadlineFlag.NO_ROLL_FORWARD_IN_CUSTODY);
        assertThat(held.explanation()).anyMatch(s -> s.contains("in custody: no roll-forward (CPL 105)"));
    }

    @Test
    void custodyDoesNotMatterToAClockWithoutTheException() {
        Deadline held = CALCULATOR.compute(cn("police-decision"), shanghai("2026-09-30 10:00"), true, List.of(), List.of());

        assertThat(held.dueAt()).isEqualTo(shanghai("2026-10-08 24:00"));
        assertThat(held.flags()).doesNotContain(DeadlineFlag.NO_ROLL_FORWARD_IN_CUSTODY);
    }

    @Test
    void explanationNamesTheRuleTheHolidayAndTheSource() {
        Deadline deadline = CALCULATOR.compute(cn("police-decision"), shanghai("2026-09-30 10:00"));

        assertThat(deadline.explanation()).containsExactly(
                "cn/police-decision (SC 8, PC 180) Police decide to register or refuse the case: starts 2026-09-30 10:00 Asia/Shanghai",
                "3 calendar days from 2026-09-30, start day not counted -> 2026-10-03",
                "2026-10-03 is a day off (国庆节 National Day) -> rolled forward to 2026-10-08, the next working day (CPL 105)",
                "due 2026-10-08 24:00 Asia/Shanghai = 2026-10-08T16:00:00Z");
        assertThat(deadline.dueDay()).hasToString("2026-10-08");
        assertThat(deadline.dueDisplay()).isEqualTo("2026-10-08 24:00 Asia/Shanghai");
    }

    @Test
    void explanationSaysWhyAnAdjustedSaturdayDoesNotRoll() {
        Deadline deadline = CALCULATOR.compute(cn("items-handover"), shanghai("2026-10-07"));

        assertThat(deadline.explanation()).contains("2026-10-10 is a working day (Saturday made a working day): no roll-forward");
    }

    @Test
    void hourClockExplainsThatItNeverRolls() {
        Deadline deadline = CALCULATOR.compute(cn("deficiency-notice"), shanghai("2026-10-01 08:00"));

        assertThat(deadline.explanation()).contains(
                "24 hours from 2026-10-01 09:00 (the starting hour is not counted) -> 2026-10-02 09:00",
                "an hour period never rolls forward over a day off (CPL 105)");
        assertThat(deadline.dueDay()).hasToString("2026-10-02");
    }

    @Test
    void anOperationalTargetIsFlagged() {
        Deadline receipt = CALCULATOR.compute(cn("police-receipt"), shanghai("2026-03-10 09:15"));
        Deadline reverse = CALCULATOR.compute(cn("reverse-transfer"), shanghai("2026-12-28"));

        assertThat(receipt.flags()).containsExactly(DeadlineFlag.OPERATIONAL_TARGET);
        assertThat(reverse.flags()).containsExactlyInAnyOrder(DeadlineFlag.OPERATIONAL_TARGET, DeadlineFlag.UNVERIFIED_RULE);
    }

    @Test
    void aResubmittedCaseGetsTheFullReviewPeriodAgain() {
        ClockRule review = cn("prosecution-review");

        assertThat(review.startsOn("RESUBMITTED")).isTrue();
        // Resubmitted on Monday 2026-06-15: a full month again, to Wednesday 2026-07-15.
        assertThat(CALCULATOR.compute(review, shanghai("2026-06-15 16:00")).dueAt()).isEqualTo(shanghai("2026-07-15 24:00"));
    }
}
