package org.casebridge.gateway.deadlines;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * What the calendar says about one date.
 *
 * @param reason why, in words: a holiday's name, "Saturday", "Saturday made a working day", or why it is unknown
 */
public record DayStatus(LocalDate date, Kind kind, String reason) {

    public enum Kind {
        WORKING,
        DAY_OFF,
        /** The calendar has no file for the date's year: nobody may guess. */
        UNKNOWN
    }

    static DayStatus working(LocalDate date, String reason) {
        return new DayStatus(date, Kind.WORKING, reason);
    }

    static DayStatus dayOff(LocalDate date, String reason) {
        return new DayStatus(date, Kind.DAY_OFF, reason);
    }

    static DayStatus unknown(LocalDate date, String calendar) {
        return new DayStatus(date, Kind.UNKNOWN, "no " + calendar + " calendar for " + date.getYear());
    }

    static String weekday(LocalDate date) {
        return date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    public boolean isWorking() {
        return kind == Kind.WORKING;
    }

    public boolean isDayOff() {
        return kind == Kind.DAY_OFF;
    }

    public boolean isUnknown() {
        return kind == Kind.UNKNOWN;
    }
}
