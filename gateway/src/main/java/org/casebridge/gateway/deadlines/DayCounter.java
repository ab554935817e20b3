package org.casebridge.gateway.deadlines;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the last day of a period counted in days or months, before any roll-forward, and says
 * in words how it got there.
 */
final class DayCounter {

    /** The last day and the step that led to it, e.g. "3 calendar days from 2026-09-30, start day not counted -> 2026-10-03". */
    record Count(LocalDate lastDay, String step) {
    }

    private DayCounter() {
    }

    /**
     * @param fromCounts whether {@code from} itself is the first day counted
     */
    static Count count(LocalDate from, ClockPeriod period, boolean fromCounts, CalendarView calendar) {
        String head = period + " from " + from + (fromCounts ? ", start day counted" : ", start day not counted");
        return switch (period.unit()) {
            case CALENDAR_DAYS -> {
                LocalDate last = from.plusDays(fromCounts ? period.amount() - 1 : period.amount());
                yield new Count(last, head + " -> " + last);
            }
            case WORKING_DAYS -> workingDays(from, period.amount(), fromCounts, calendar, head);
            case MONTHS -> months(from, period.amount(), fromCounts, head);
            case HOURS -> throw new IllegalArgumentException("hours are not counted in days");
        };
    }

    /** Only working days count; each skipped day off is named. Unknown days count, as the earliest reading. */
    private static Count workingDays(LocalDate from, long amount, boolean fromCounts, CalendarView calendar,
                                     String head) {
        List<DayStatus> skipped = new ArrayList<>();
        long counted = 0;
        LocalDate day = fromCounts ? from : from.plusDays(1);
        while (true) {
            DayStatus status = calendar.status(day);
            if (status.isDayOff()) {
                skipped.add(status);
            } else if (++counted == amount) {
                break;
            }
            day = day.plusDays(1);
        }
        String skips = skipped.isEmpty() ? "" : ", skipping days off " + describe(skipped);
        return new Count(day, head + skips + " -> " + day);
    }

    /**
     * Same day of the target month; a start on the last day of a month ends on the last day of the
     * target month; a day the target month lacks becomes its last day (Jan 31 + 1 month = Feb 28).
     */
    private static Count months(LocalDate from, long amount, boolean fromCounts, String head) {
        LocalDate target;
        String why;
        if (from.getDayOfMonth() == from.lengthOfMonth()) {
            LocalDate month = from.withDayOfMonth(1).plusMonths(amount);
            target = month.withDayOfMonth(month.lengthOfMonth());
            why = " (" + from + " is the last day of its month, so the period ends on the last day of the target month)";
        } else {
            target = from.plusMonths(amount);
            why = target.getDayOfMonth() == from.getDayOfMonth() ? " (same day of the month)"
                    : " (the target month has no day " + from.getDayOfMonth() + ": its last day)";
        }
        LocalDate last = fromCounts ? target.minusDays(1) : target;
        return new Count(last, head + " -> " + last + why);
    }

    /** Consecutive days off with the same reason as one range: "2026-10-01..2026-10-07 (National Day)". */
    private static String describe(List<DayStatus> days) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < days.size()) {
            int j = i;
            while (j + 1 < days.size() && days.get(j + 1).reason().equals(days.get(i).reason())
                    && days.get(j + 1).date().equals(days.get(j).date().plusDays(1))) {
                j++;
            }
            String range = i == j ? days.get(i).date().toString() : days.get(i).date() + ".." + days.get(j).date();
            parts.add(range + " (" + days.get(i).reason() + ")");
            i = j + 1;
        }
        return String.join(", ", parts);
    }
}
