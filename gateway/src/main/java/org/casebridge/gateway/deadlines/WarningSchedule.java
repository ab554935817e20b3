package org.casebridge.gateway.deadlines;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns a clock's warning levels into instants between its start and its due moment. */
final class WarningSchedule {

    private WarningSchedule() {
    }

    static List<Warning> schedule(List<WarningRule> rules, Instant start, Instant due, LocalDate dueDay,
                                  boolean hours, ZoneId zone) {
        long totalMillis = Duration.between(start, due).toMillis();
        List<Warning> warnings = new ArrayList<>();
        for (WarningRule rule : rules) {
            Instant at = switch (rule.anchor()) {
                case FRACTION -> start.plusMillis(Math.round(totalMillis * rule.fraction()));
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
}
