package org.casebridge.gateway.deadlines;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a clock's warning levels into instants between its start and its due moment. Fractions
 * count running time only: half-time of a clock that was paused is half of the time it ran.
 */
final class WarningSchedule {

    private WarningSchedule() {
    }

    static List<Warning> schedule(List<WarningRule> rules, Instant start, Instant due, LocalDate dueDay,
                                  boolean hours, ZoneId zone, List<Pause> pauses) {
        List<Pause> paused = PausedTime.merged(pauses, start).stream()
                .filter(p -> p.pausedAt().isBefore(due))
                .map(p -> p.resumedAt().isAfter(due) ? new Pause(p.pausedAt(), due) : p)
                .toList();
        long runningMillis = Duration.between(start, due).toMillis()
                - paused.stream().mapToLong(p -> p.length().toMillis()).sum();
        List<Warning> warnings = new ArrayList<>();
        for (WarningRule rule : rules) {
            Instant at = switch (rule.anchor()) {
                case FRACTION -> afterRunning(start, Math.round(runningMillis * rule.fraction()), paused);
                // Hour clocks have no "day" to speak of: the last hour is their due day.
                case DUE_DAY -> hours ? due.minus(Duration.ofHours(1)) : dueDay.atStartOfDay(zone).toInstant();
                case DEADLINE -> due;
            };
            // A very short clock can have its due day begin before it started: warn at the start then.
            warnings.add(new Warning(rule.level(), at.isBefore(start) ? start : at));
        }
        warnings.sort(Comparator.comparing(Warning::at));
        return warnings;
    }

    /** The instant at which the clock, started at start and stopped during the pauses, has run for the given time. */
    private static Instant afterRunning(Instant start, long millis, List<Pause> pauses) {
        Instant at = start;
        long left = millis;
        for (Pause pause : pauses) {
            long untilPause = Duration.between(at, pause.pausedAt()).toMillis();
            if (left <= untilPause) {
                break;
            }
            left -= untilPause;
            at = pause.resumedAt();
        }
        return at.plusMillis(left);
    }
}
