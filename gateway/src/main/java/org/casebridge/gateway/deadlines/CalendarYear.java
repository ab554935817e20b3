package org.casebridge.gateway.deadlines;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/** One validated year of a calendar: its days off (with names) and the weekend days worked. */
record CalendarYear(
        String calendar,
        int year,
        String source,
        Set<DayOfWeek> weekend,
        Map<LocalDate, String> daysOff,
        Set<LocalDate> workingWeekends) {

    CalendarYear {
        weekend = Set.copyOf(weekend);
        daysOff = Map.copyOf(daysOff);
        workingWeekends = Set.copyOf(workingWeekends);
    }

    DayStatus status(LocalDate date) {
        String holiday = daysOff.get(date);
        if (holiday != null) {
            return DayStatus.dayOff(date, holiday);
        }
        String weekday = DayStatus.weekday(date);
        if (workingWeekends.contains(date)) {
            return DayStatus.working(date, weekday + " made a working day");
        }
        if (weekend.contains(date.getDayOfWeek())) {
            return DayStatus.dayOff(date, weekday);
        }
        return DayStatus.working(date, "working day");
    }
}
