package org.casebridge.gateway.deadlines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every holiday calendar year the gateway knows: the files of {@code classpath:deadlines/calendars},
 * then those of an operator's directory, which add years or replace shipped ones. A year without
 * a file stays unknown; nothing is ever inferred for it.
 */
public final class HolidayCalendars {

    static final String CLASSPATH_FOLDER = "deadlines/calendars";

    private final Map<String, HolidayCalendar> calendars;

    /** Loads the shipped calendars and those of {@code externalCalendarDir} (e.g. next year's cn-2027.yml). */
    public HolidayCalendars(Optional<Path> externalCalendarDir) {
        this(merge(DataFiles.readClasspath(CLASSPATH_FOLDER, CalendarReader::read),
                DataFiles.readDirectory(externalCalendarDir, CalendarReader::read)));
    }

    private HolidayCalendars(Map<String, HolidayCalendar> calendars) {
        this.calendars = Map.copyOf(calendars);
    }

    public Optional<HolidayCalendar> find(String calendarId) {
        return Optional.ofNullable(calendars.get(calendarId));
    }

    public HolidayCalendar calendar(String calendarId) {
        return find(calendarId).orElseThrow(() -> new UnknownDeadlineRule(
                "no holiday calendar " + calendarId + "; loaded: " + new TreeSet<>(calendars.keySet())));
    }

    public Set<String> ids() {
        return new TreeSet<>(calendars.keySet());
    }

    private static Map<String, HolidayCalendar> merge(List<CalendarYear> shipped, List<CalendarYear> external) {
        Map<String, Map<Integer, CalendarYear>> years = new HashMap<>();
        List<String> problems = new ArrayList<>();
        add(shipped, years, problems, "on the classpath");
        Map<String, Map<Integer, CalendarYear>> overrides = new HashMap<>();
        add(external, overrides, problems, "in the calendar directory");
        if (!problems.isEmpty()) {
            throw new InvalidDeadlineData("holiday calendars", problems);
        }
        overrides.forEach((id, byYear) -> years.computeIfAbsent(id, k -> new HashMap<>()).putAll(byYear));
        Map<String, HolidayCalendar> calendars = new HashMap<>();
        years.forEach((id, byYear) -> calendars.put(id, new HolidayCalendar(id, byYear)));
        return calendars;
    }

    private static void add(List<CalendarYear> files, Map<String, Map<Integer, CalendarYear>> into,
                            List<String> problems, String where) {
        for (CalendarYear year : files) {
            if (into.computeIfAbsent(year.calendar(), k -> new HashMap<>()).putIfAbsent(year.year(), year) != null) {
                problems.add(year.calendar() + " " + year.year() + " is " + where + " twice");
            }
        }
    }
}
