package org.casebridge.gateway.deadlines;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A computed deadline.
 *
 * @param dueAt         the moment the period has run out
 * @param dueLocal      the same moment in the profile's zone; for day clocks 00:00 of the day after {@code dueDay}
 * @param dueDay        the last day on which the act is still in time (the due moment is its 24:00 for day clocks)
 * @param warnings      in time order, the last being the due moment for the usual OVERDUE level
 * @param explanation   each counting step in words, naming the rule and its legal source
 * @param rolledForward the last day was a day off and moved to the next working day
 */
public record Deadline(
        String profile,
        String clockId,
        Instant start,
        Instant dueAt,
        ZonedDateTime dueLocal,
        LocalDate dueDay,
        List<Warning> warnings,
        List<String> explanation,
        Set<DeadlineFlag> flags,
        boolean rolledForward) {

    public Deadline {
        warnings = List.copyOf(warnings);
        explanation = List.copyOf(explanation);
        flags = Set.copyOf(flags);
    }

    /** Needs a calendar year that is not loaded: show it as provisional and compute again later. */
    public boolean beyondCalendar() {
        return flags.contains(DeadlineFlag.BEYOND_CALENDAR);
    }

    public boolean overdue(Instant now) {
        return !now.isBefore(dueAt);
    }

    /** The highest warning level reached at {@code now}, if any. */
    public Optional<Warning> reached(Instant now) {
        return warnings.stream().filter(w -> !w.at().isAfter(now)).reduce((first, second) -> second);
    }

    /** The next warning to schedule after {@code now}, if any. */
    public Optional<Warning> next(Instant now) {
        return warnings.stream().filter(w -> w.at().isAfter(now)).findFirst();
    }

    /** e.g. {@code 2026-10-08 24:00 Asia/Shanghai} */
    public String dueDisplay() {
        return LocalTimes.format(dueLocal) + " " + dueLocal.getZone();
    }
}
