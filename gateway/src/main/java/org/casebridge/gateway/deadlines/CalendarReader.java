package org.casebridge.gateway.deadlines;

import static org.casebridge.gateway.deadlines.DataFiles.ID;
import static org.casebridge.gateway.deadlines.DataFiles.isBlank;

import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates one year of a holiday calendar; the file must be named {@code <calendar>-<year>.yml}. */
final class CalendarReader {

    private CalendarReader() {
    }

    static CalendarYear read(InputStream in, String source) {
        CalendarFile file = DataFiles.parse(in, CalendarFile.class, source);
        List<String> problems = new ArrayList<>();
        if (isBlank(file.calendar()) || !ID.matcher(file.calendar()).matches()) {
            problems.add("calendar must be an id of lower-case letters, digits or dashes, found " + file.calendar());
        }
        if (file.year() == null || file.year() < 1900 || file.year() > 9999) {
            problems.add("year must be a four-digit year, found " + file.year());
        }
        if (isBlank(file.source())) {
            problems.add("source is missing: name the publication the days come from");
        }
        if (file.daysOff() == null) {
            problems.add("daysOff is missing (write [] if the year has no holidays)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidDeadlineData(source, problems);
        }
        String expectedName = file.calendar() + "-" + file.year();
        if (!DataFiles.baseName(source).equals(expectedName)) {
            problems.add("the file must be named " + expectedName + ".yml");
        }
        int year = file.year();
        Set<DayOfWeek> weekend = weekend(file.weekend(), problems);
        Map<LocalDate, String> daysOff = daysOff(file.daysOff(), year, problems);
        Set<LocalDate> working = workingWeekends(file.workingWeekends(), year, weekend, daysOff, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDeadlineData(source, problems);
        }
        return new CalendarYear(file.calendar(), year, file.source().strip(), weekend, daysOff, working);
    }

    private static Set<DayOfWeek> weekend(List<String> names, List<String> problems) {
        if (names == null) {
            return EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        }
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        for (String name : names) {
            try {
                weekend.add(DayOfWeek.valueOf(String.valueOf(name).strip()));
            } catch (IllegalArgumentException e) {
                problems.add("weekend: " + name + " is not a day of the week such as SATURDAY");
            }
        }
        return weekend;
    }

    private static Map<LocalDate, String> daysOff(List<List<String>> ranges, int year, List<String> problems) {
        Map<LocalDate, String> daysOff = new LinkedHashMap<>();
        for (int i = 0; i < ranges.size(); i++) {
            List<String> range = ranges.get(i);
            String where = "daysOff[" + i + "]";
            if (range == null || range.size() < 2 || range.size() > 3) {
                problems.add(where + " must be [first day, last day] or [first day, last day, name]");
                continue;
            }
            LocalDate from = date(range.get(0), where + "[0]", year, problems);
            LocalDate to = date(range.get(1), where + "[1]", year, problems);
            if (from == null || to == null) {
                continue;
            }
            if (to.isBefore(from)) {
                problems.add(where + ": " + to + " is before " + from);
                continue;
            }
            String name = range.size() == 3 && !isBlank(range.get(2)) ? range.get(2).strip() : "day off";
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                if (daysOff.putIfAbsent(d, name) != null) {
                    problems.add(where + ": " + d + " is already in another range");
                }
            }
        }
        return daysOff;
    }

    private static Set<LocalDate> workingWeekends(List<String> dates, int year, Set<DayOfWeek> weekend,
                                                  Map<LocalDate, String> daysOff, List<String> problems) {
        Set<LocalDate> working = new HashSet<>();
        if (dates == null) {
            return working;
        }
        for (int i = 0; i < dates.size(); i++) {
            String where = "workingWeekends[" + i + "]";
            LocalDate date = date(dates.get(i), where, year, problems);
            if (date == null) {
                continue;
            }
            if (!weekend.contains(date.getDayOfWeek())) {
                problems.add(where + ": " + date + " is a " + DayStatus.weekday(date) + ", not a weekend day");
            } else if (daysOff.containsKey(date)) {
                problems.add(where + ": " + date + " is also listed as a day off");
            } else if (!working.add(date)) {
                problems.add(where + ": " + date + " is listed twice");
            }
        }
        return working;
    }

    /** Dates must lie in the file's year: a date's status comes from its own year's file only. */
    private static LocalDate date(String value, String where, int year, List<String> problems) {
        try {
            LocalDate date = LocalDate.parse(String.valueOf(value).strip());
            if (date.getYear() != year) {
                problems.add(where + ": " + date + " is not in " + year + "; put it in that year's file");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            problems.add(where + ": " + value + " is not a date (yyyy-mm-dd)");
            return null;
        }
    }
}
