package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALCULATOR;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.cn;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.shanghai;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No cn calendar ships for 2027. A deadline that needs a 2027 day is flagged BEYOND_CALENDAR and
 * given unrolled (the earliest it can be), never guessed; adding the year's file in the external
 * directory makes it exact.
 */
class DeadlineBeyondCalendarTest {

    /** Test data only, not the real 2027 calendar: New Year's Day holiday Jan 1-3 2027 (Fri-Sun). */
    private static final String CN_2027 = """
            calendar: cn
            year: 2027
            source: "test data"
            daysOff:
              - [2027-01-01, 2027-01-03, "元旦 New Year's Day"]
            """;

    @Test
    void aMonthEndingIn2027IsFlaggedAndNotRolled() {
        // 2026-12-02 + 1 month = Saturday 2027-01-02: whether it is a day off is unknown.
        Deadline deadline = CALCULATOR.compute(cn("supplementary-investigation"), shanghai("2026-12-02"));

        assertThat(deadline.beyondCalendar()).isTrue();
        assertThat(deadline.flags()).contains(DeadlineFlag.BEYOND_CALENDAR);
        assertThat(deadline.dueAt()).isEqualTo(shanghai("2027-01-02 24:00"));
        assertThat(deadline.rolledForward()).isFalse();
        assertThat(deadline.explanation()).anyMatch(s -> s.startsWith("BEYOND_CALENDAR: no cn calendar for [2027]"));
    }

    @Test
    void theYearsFileInTheExternalDirectoryMakesItComputable(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cn-2027.yml"), CN_2027);
        DeadlineCalculator calculator = new DeadlineCalculator(new HolidayCalendars(Optional.of(dir)));

        Deadline deadline = calculator.compute(cn("supplementary-investigation"), shanghai("2026-12-02"));

        // Jan 2 and 3 off -> Monday 2027-01-04.
        assertThat(deadline.flags()).doesNotContain(DeadlineFlag.BEYOND_CALENDAR);
        assertThat(deadline.dueAt()).isEqualTo(shanghai("2027-01-04 24:00"));
        assertThat(deadline.rolledForward()).isTrue();
        assertThat(deadline.explanation()).contains("2027-01-02 is a day off (元旦 New Year's Day) -> rolled forward"
                + " to 2027-01-04, the next working day (CPL 105)");
    }

    @Test
    void workingDaysInAnUnknownYearAllCount() {
        // Dec 30, Dec 31, then Jan 1, 2, 3 2027 taken as working: the earliest possible end.
        Deadline deadline = CALCULATOR.compute(synthetic("{amount: 5, unit: WORKING_DAYS}", false),
                shanghai("2026-12-29 10:00"));

        assertThat(deadline.beyondCalendar()).isTrue();
        assertThat(deadline.dueAt()).isEqualTo(shanghai("2027-01-03 24:00"));
    }

    @Test
    void onlyADayInTheUnknownYearRaisesTheFlag() {
        // 3 days from Tue 2026-12-29 = Fri 2027-01-01 (unknown); from Mon 2026-12-28 it ends on Thu Dec 31 (known).
        assertThat(CALCULATOR.compute(cn("recon-request"), shanghai("2026-12-29")).beyondCalendar()).isTrue();
        assertThat(CALCULATOR.compute(cn("recon-request"), shanghai("2026-12-28")).beyondCalendar()).isFalse();
    }

    @Test
    void hourClocksNeedNoCalendar() {
        Deadline deadline = CALCULATOR.compute(cn("reporter-receipt"), shanghai("2027-03-01 10:30"));

        assertThat(deadline.dueAt()).isEqualTo(shanghai("2027-03-02 11:00"));
        assertThat(deadline.beyondCalendar()).isFalse();
    }
}
