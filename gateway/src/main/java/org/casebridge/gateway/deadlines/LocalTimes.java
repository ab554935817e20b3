package org.casebridge.gateway.deadlines;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Day boundaries in a zone, and the "24:00" way of writing the end of a day used in explanations. */
final class LocalTimes {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private LocalTimes() {
    }

    /** 24:00 of {@code day}, i.e. the start of the next day (DST-safe: atStartOfDay skips gaps). */
    static ZonedDateTime endOfDay(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone);
    }

    /** The day a moment closes: a moment at exactly midnight ends the previous day. */
    static LocalDate dayEndedBy(ZonedDateTime moment) {
        return moment.minusNanos(1).toLocalDate();
    }

    /** Midnight is written as 24:00 of the day before, the way the law counts. */
    static String format(ZonedDateTime time) {
        if (time.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return time.toLocalDate().minusDays(1) + " 24:00";
        }
        return (time.getSecond() == 0 && time.getNano() == 0 ? MINUTES : SECONDS).format(time);
    }
}
