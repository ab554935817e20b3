package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALENDARS;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped cn 2026 calendar against the State Council notice of 2025-11-04. */
class HolidayCalendarTest {

    private static final HolidayCalendar CN = CALENDARS.calendar("cn");

    @ParameterizedTest(name = "{0} is {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            2026-01-01 | DAY_OFF | 元旦 New Year's Day
            2026-01-03 | DAY_OFF | 元旦 New Year's Day
            2026-01-04 | WORKING | Sunday made a working day
            2026-02-14 | WORKING | Saturday made a working day
            2026-02-15 | DAY_OFF | 春节 Spring Festival
            2026-02-23 | DAY_OFF | 春节 Spring Festival
            2026-02-24 | WORKING | working day
            2026-02-28 | WORKING | Saturday made a working day
            2026-03-01 | DAY_OFF | Sunday
            2026-04-04 | DAY_OFF | 清明节 Qingming
            2026-04-06 | DAY_OFF | 清明节 Qingming
            2026-05-01 | DAY_OFF | 劳动节 Labour Day
            2026-05-05 | DAY_OFF | 劳动节 Labour Day
            2026-05-09 | WORKING | Saturday made a working day
            2026-06-19 | DAY_OFF | 端午节 Dragon Boat Festival
            2026-06-21 | DAY_OFF | 端午节 Dragon Boat Festival
            2026-09-20 | WORKING | Sunday made a working day
            2026-09-25 | DAY_OFF | 中秋节 Mid-Autumn Festival
            2026-09-27 | DAY_OFF | 中秋节 Mid-Autumn Festival
            2026-10-01 | DAY_OFF | 国庆节 National Day
            2026-10-07 | DAY_OFF | 国庆节 National Day
            2026-10-08 | WORKING | working day
            2026-10-10 | WORKING | Saturday made a working day
            2026-10-11 | DAY_OFF | Sunday
            2026-12-31 | WORKING | working day
            2027-01-01 | UNKNOWN | no cn calendar for 2027
            2025-12-31 | UNKNOWN | no cn calendar for 2025
            """)
    void dayStatus(LocalDate date, DayStatus.Kind kind, String reason) {
        assertThat(CN.status(date)).isEqualTo(new DayStatus(date, kind, reason));
    }

    @Test
    void theYearHas248WorkingDays() {
        // 365 days - 104 weekend days - 19 holiday weekdays + 6 weekend days worked = 248; the 19 - 6 = 13
        // net days off are China's 13 statutory holidays.
        long working = LocalDate.of(2026, 1, 1).datesUntil(LocalDate.of(2027, 1, 1))
                .filter(d -> CN.status(d).isWorking()).count();

        assertThat(working).isEqualTo(248);
    }

    @Test
    void knowsWhichYearsItCoversAndWhereTheyCameFrom() {
        assertThat(CN.years()).containsExactly(2026);
        assertThat(CN.covers(2027)).isFalse();
        assertThat(CN.source(2026)).hasValueSatisfying(s -> assertThat(s).contains("2025-11-04"));
        assertThat(CALENDARS.calendar("eu").source(2026)).hasValueSatisfying(s -> assertThat(s).startsWith("Illustrative"));
    }
}
