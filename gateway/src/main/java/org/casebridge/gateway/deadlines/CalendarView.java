package org.casebridge.gateway.deadlines;

import java.time.LocalDate;
import java.util.SortedSet;
import java.util.TreeSet;

/** One computation's look at a calendar: remembers every year it needed that has no file. */
final class CalendarView {

    private final HolidayCalendar calendar;
    private final SortedSet<Integer> unknownYears = new TreeSet<>();

    CalendarView(HolidayCalendar calendar) {
        this.calendar = calendar;
    }

    DayStatus status(LocalDate date) {
        DayStatus status = calendar.status(date);
        if (status.isUnknown()) {
            unknownYears.add(date.getYear());
        }
        return status;
    }

    /** The same answer without recording: for trial computations whose dates may not be needed. */
    DayStatus peek(LocalDate date) {
        return calendar.status(date);
    }

    String calendarId() {
        return calendar.id();
    }

    SortedSet<Integer> unknownYears() {
        return unknownYears;
    }
}
