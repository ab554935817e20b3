package org.casebridge.gateway.deadlines;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * How far pauses move a deadline. Only paused time inside the counting window counts: before
 * counting begins the clock was not running anyway, and a pause that begins once the clock has
 * run out cannot revive it.
 */
final class PausedTime {

    private PausedTime() {
    }

    /**
     * @param countingStart when counting begins (the next day, or the next full hour)
     * @param dueWith       the due moment if the clock were shifted by the given paused time
     */
    static Duration shift(List<Pause> pauses, Instant countingStart, Function<Duration, Instant> dueWith,
                          ZoneId zone, List<String> steps) {
        Duration shift = Duration.ZERO;
        for (Pause pause : merged(pauses, countingStart)) {
            String span = LocalTimes.format(pause.pausedAt().atZone(zone)) + " to "
                    + LocalTimes.format(pause.resumedAt().atZone(zone));
            Instant due = dueWith.apply(shift);
            if (!pause.pausedAt().isBefore(due)) {
                steps.add("pause " + span + " ignored: the clock had already run out at "
                        + LocalTimes.format(due.atZone(zone)));
                continue;
            }
            shift = shift.plus(pause.length());
            steps.add("paused " + span + " (" + words(pause.length()) + "): that time does not count");
        }
        return shift;
    }

    /** Clipped to the counting window, sorted, overlapping pauses joined so no time is counted twice. */
    static List<Pause> merged(List<Pause> pauses, Instant countingStart) {
        List<Pause> clipped = pauses.stream()
                .filter(p -> p.resumedAt().isAfter(countingStart))
                .map(p -> p.pausedAt().isBefore(countingStart) ? new Pause(countingStart, p.resumedAt()) : p)
                .filter(p -> !p.length().isZero())
                .sorted(Comparator.comparing(Pause::pausedAt))
                .toList();
        List<Pause> merged = new ArrayList<>();
        for (Pause p : clipped) {
            Pause last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !p.pausedAt().isAfter(last.resumedAt())) {
                Instant end = p.resumedAt().isAfter(last.resumedAt()) ? p.resumedAt() : last.resumedAt();
                merged.set(merged.size() - 1, new Pause(last.pausedAt(), end));
            } else {
                merged.add(p);
            }
        }
        return merged;
    }

    static String words(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        List<String> parts = new ArrayList<>();
        if (days > 0) {
            parts.add(days + (days == 1 ? " day" : " days"));
        }
        if (hours > 0) {
            parts.add(hours + (hours == 1 ? " hour" : " hours"));
        }
        if (minutes > 0 || parts.isEmpty()) {
            parts.add(minutes + (minutes == 1 ? " minute" : " minutes"));
        }
        return String.join(" ", parts);
    }
}
