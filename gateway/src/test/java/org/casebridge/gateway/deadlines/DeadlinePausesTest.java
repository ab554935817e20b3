package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.cn;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.shanghai;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Appraisal time is excluded from the 30-day public-order clock (PA 165). Started 2026-03-02, it
 * ends at 24:00 on Wednesday 2026-04-01 (= 2026-04-02 00:00) without pauses; paused time moves
 * that end later, then the day rules apply again.
 */
class DeadlinePausesTest {

    @ParameterizedTest(name = "paused {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # pauses (from > to; ...)                                            | due              | rolled | hand count
            2026-03-05 09:00 > 2026-03-12 15:00                                  | 2026-04-09 24:00 | false  | Apr 2 00:00 + 7 d 6 h = Apr 9 06:00 -> end of Thursday Apr 9
            2026-03-05 00:00 > 2026-03-12 00:00                                  | 2026-04-08 24:00 | false  | Apr 2 00:00 + 7 d = Apr 9 00:00, which is 24:00 of Apr 8
            2026-03-05 00:00 > 2026-04-04 00:00                                  | 2026-05-06 24:00 | true   | + 30 d = end of May 1, Labour Day -> May 6
            2026-03-05 00:00 > 2026-03-08 00:00; 2026-03-07 00:00 > 2026-03-10 00:00 | 2026-04-07 24:00 | true | overlap joined: 5 d -> end of Apr 6, Qingming -> Apr 7
            2026-03-02 11:00 > 2026-03-02 20:00                                  | 2026-04-01 24:00 | false  | on the start day, which is not counted anyway
            2026-04-05 00:00 > 2026-04-10 00:00                                  | 2026-04-01 24:00 | false  | after the clock ran out: cannot revive it
            2026-03-30 00:00 > 2026-04-03 00:00; 2026-04-06 12:00 > 2026-04-09 12:00 | 2026-04-08 24:00 | false | 4 d -> end of Apr 5 (Qingming), rolled to Apr 7: the clock still ran on Apr 6, so the 2nd pause counts: 7 d -> end of Apr 8
            """)
    void pausesMoveThePublicOrderClock(String pauses, String due, boolean rolled, String handCount) {
        Deadline deadline = CALCULATOR.compute(cn("public-order-case"), shanghai("2026-03-02 10:00"), false,
                parse(pauses), List.of());

        assertThat(deadline.dueAt()).as(handCount).isEqualTo(shanghai(due));
        assertThat(deadline.rolledForward()).isEqualTo(rolled);
    }

    @Test
    void explanationShowsThePausedTime() {
        Deadline deadline = CALCULATOR.compute(cn("public-order-case"), shanghai("2026-03-02 10:00"), false,
                parse("2026-03-05 09:00 > 2026-03-12 15:00"), List.of());

        assertThat(deadline.flags()).contains(DeadlineFlag.PAUSED);
        assertThat(deadline.explanation()).contains(
                "paused 2026-03-05 09:00 to 2026-03-12 15:00 (7 days 6 hours): that time does not count",
                "moved by 7 days 6 hours of pauses -> 2026-04-09 06:00, so the period ends at 24:00 of 2026-04-09");
    }

    @Test
    void aPauseMovesAnHourClockByExactlyThePausedTime() {
        // Counted from 10:00, due 2026-03-11 10:00; paused 2 h 30 min -> 12:30.
        Deadline deadline = CALCULATOR.compute(cn("police-receipt"), shanghai("2026-03-10 09:15"), false,
                parse("2026-03-10 12:00 > 2026-03-10 14:30"), List.of());

        assertThat(deadline.dueAt()).isEqualTo(shanghai("2026-03-11 12:30"));
        assertThat(deadline.flags()).contains(DeadlineFlag.PAUSED);
    }

    @Test
    void warningFractionsCountOnlyTheTimeTheClockRan() {
        // Started Mon 11:00, due at the end of Mon Mar 9 after a 3-day pause (unpaused: end of Thu Mar 5).
        // It runs 4 d 13 h = 109 h in all: half-time is 54 h 30 min of running (24 h before the pause, 30 h 30 min
        // after), 80 % is 87 h 12 min (63 h 12 min after). Counted over the calendar, half-time would fall inside the pause.
        Deadline deadline = CALCULATOR.compute(cn("police-decision"), shanghai("2026-03-02 11:00"), false,
                parse("2026-03-03 11:00 > 2026-03-06 11:00"), List.of());

        assertThat(deadline.dueAt()).isEqualTo(shanghai("2026-03-09 24:00"));
        assertThat(deadline.warnings()).extracting(Warning::level, Warning::at).containsExactly(
                tuple("HALF", shanghai("2026-03-07 17:30")),
                tuple("DUE", shanghai("2026-03-09 00:00")),
                tuple("WARNING", shanghai("2026-03-09 02:12")),
                tuple("OVERDUE", shanghai("2026-03-09 24:00")));
    }

    @Test
    void aPauseCannotEndBeforeItStarts() {
        assertThatThrownBy(() -> new Pause(shanghai("2026-03-05 10:00"), shanghai("2026-03-05 09:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRuleNamesItsPauseEvents() {
        ClockRule rule = cn("public-order-case");

        assertThat(rule.pausedBy()).containsExactly(new PauseRule("APPRAISAL_STARTED", "APPRAISAL_DONE"));
        assertThat(rule.pausesOn("APPRAISAL_STARTED")).isTrue();
        assertThat(rule.resumesOn("APPRAISAL_DONE")).isTrue();
    }

    private static List<Pause> parse(String pauses) {
        List<Pause> parsed = new ArrayList<>();
        for (String pause : pauses.split(";")) {
            String[] ends = pause.split(">");
            parsed.add(new Pause(shanghai(ends[0]), shanghai(ends[1])));
        }
        return parsed;
    }
}
