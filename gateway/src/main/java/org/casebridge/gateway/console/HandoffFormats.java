package org.casebridge.gateway.console;

import java.util.Locale;
import org.springframework.context.MessageSource;

/** How the handoff page writes spans of time and sizes. */
final class HandoffFormats {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private HandoffFormats() {
    }

    /** Time left as "2天3小时" / "2 d 3 h", or "逾期 5小时" / "overdue by 5 h 0 min"; a dash for a stopped clock. */
    static String remaining(Long seconds, MessageSource messages, Locale locale) {
        if (seconds == null) {
            return "—";
        }
        long left = Math.abs(seconds);
        long days = left / 86_400;
        long hours = left % 86_400 / 3_600;
        long minutes = left % 3_600 / 60;
        String span = days > 0 ? messages.getMessage("handoff.span.dh", new Object[] {days, hours}, locale)
                : hours > 0 ? messages.getMessage("handoff.span.hm", new Object[] {hours, minutes}, locale)
                : messages.getMessage("handoff.span.m", new Object[] {minutes}, locale);
        return seconds < 0 ? messages.getMessage("handoff.overdueBy", new Object[] {span}, locale) : span;
    }

    /** 1024-based, one decimal above bytes: "512 B", "1.5 KB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
