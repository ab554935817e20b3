package org.casebridge.gateway.deadlines;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** One calendar id (e.g. {@code cn}) across the years it has files for. */
public final class HolidayCalendar {

    private final String id;
    private final Map<Integer, CalendarYear> years;

    HolidayCalendar(String id, Map<Integer, CalendarYear> years) {
        this.id = id;
        this.years = new TreeMap<>(years);
    }

    public String id() {
        return id;
    }

    public SortedSet<Integer> years() {
        return new TreeSet<>(years.keySet());
    }

    public boolean covers(int year) {
        return years.containsKey(year);
    }

    /** The publication a year's file was taken from. */
    public Optional<String> source(int year) {
        return Optional.ofNullable(years.get(year)).map(CalendarYear::source);
    }

    /** Working, day off, or unknown when the year has no file. */
    public DayStatus status(LocalDate date) {
        CalendarYear year = years.get(date.getYear());
        return year == null ? DayStatus.unknown(date, id) : year.status(date);
    }
}
