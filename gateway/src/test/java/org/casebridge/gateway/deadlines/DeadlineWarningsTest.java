package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.cn;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.shanghai;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.synthetic;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default levels: HALF at 50 % and WARNING at 80 % of the time from start to due, DUE at the
 * start of the due day (one hour before the end for hour clocks), OVERDUE at the due moment.
 * Times are Asia/Shanghai.
 */
class DeadlineWarningsTest {

    static Stream<Arguments> oneClockOfEachUnit() {
        return Stream.of(
                // 10:00 + 24 h = 2026-03-11 10:00; 24 h 45 min in all: half 12 h 22 min 30 s, 80 % 19 h 48 min.
                Arguments.of(cn("police-receipt"), "2026-03-10 09:15",
                        "2026-03-10 21:37:30", "2026-03-11 05:03", "2026-03-11 09:00", "2026-03-11 10:00"),
                // Rolled to 2026-10-08 24:00; 206 h in all: half 103 h, 80 % 164 h 48 min.
                Arguments.of(cn("police-decision"), "2026-09-30 10:00",
                        "2026-10-04 17:00", "2026-10-07 06:48", "2026-10-08 00:00", "2026-10-08 24:00"),
                // 5 working days -> 2026-10-13 24:00; 326 h in all: half 163 h, 80 % 260 h 48 min.
                Arguments.of(synthetic("{amount: 5, unit: WORKING_DAYS}", false), "2026-09-30 10:00",
                        "2026-10-07 05:00", "2026-10-11 06:48", "2026-10-13 00:00", "2026-10-13 24:00"),
                // 1 month -> 2026-04-10 24:00; 754 h in all: half 377 h, 80 % 603 h 12 min.
                Arguments.of(cn("prosecution-review"), "2026-03-10 14:00",
                        "2026-03-26 07:00", "2026-04-04 17:12", "2026-04-10 00:00", "2026-04-10 24:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneClockOfEachUnit")
    void warningInstants(ClockRule rule, String start, String half, String warning, String dueDay, String overdue) {
        Deadline deadline = CALCULATOR.compute(rule, shanghai(start));

        assertThat(deadline.warnings()).containsExactly(
                new Warning("HALF", shanghai(half)),
                new Warning("WARNING", shanghai(warning)),
                new Warning("DUE", shanghai(dueDay)),
                new Warning("OVERDUE", shanghai(overdue)));
        assertThat(deadline.warnings().get(3).at()).isEqualTo(deadline.dueAt());
    }

    @Test
    void aDueDayThatBeganBeforeTheStartWarnsAtTheStart() {
        // One day, start day counted: due at 24:00 of the start day, whose beginning is already past.
        Deadline deadline = CALCULATOR.compute(synthetic("{amount: 1, unit: CALENDAR_DAYS}", true),
                shanghai("2026-03-02 10:00"));

        assertThat(deadline.dueAt()).isEqualTo(shanghai("2026-03-02 24:00"));
        assertThat(deadline.warnings()).extracting(Warning::level).containsExactly("DUE", "HALF", "WARNING", "OVERDUE");
        assertThat(deadline.warnings().get(0).at()).isEqualTo(shanghai("2026-03-02 10:00"));
    }

    @Test
    void theSchedulerAsksWhichLevelIsReachedAndWhatComesNext() {
        Deadline deadline = CALCULATOR.compute(cn("police-decision"), shanghai("2026-09-30 10:00"));

        assertThat(deadline.reached(shanghai("2026-10-04 16:59"))).isEmpty();
        assertThat(deadline.next(shanghai("2026-10-04 16:59"))).map(Warning::level).hasValue("HALF");
        assertThat(deadline.reached(shanghai("2026-10-07 06:48"))).map(Warning::level).hasValue("WARNING");
        assertThat(deadline.reached(shanghai("2026-10-09 08:00"))).map(Warning::level).hasValue("OVERDUE");
        assertThat(deadline.next(shanghai("2026-10-09 08:00"))).isEmpty();
        assertThat(deadline.overdue(shanghai("2026-10-08 23:59"))).isFalse();
        assertThat(deadline.overdue(shanghai("2026-10-08 24:00"))).isTrue();
    }
}
