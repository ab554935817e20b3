package org.casebridge.gateway.deadlines;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Computes when a clock runs out. Pure: the start and every pause are instants the caller gives,
 * so the same input always gives the same deadline and explanation.
 *
 * <p>Day and month clocks: the start day is not counted (unless the rule says so); the period ends
 * at 24:00 of its last day in the profile's zone; extensions are added to the last day, paused time
 * to the end of the last day; then a last day that is a day off moves to the next working day,
 * except in custody when the rule has the custody exception. Hour clocks count from the next full
 * hour and never roll forward.
 */
public final class DeadlineCalculator {

    private final HolidayCalendars calendars;

    public DeadlineCalculator(HolidayCalendars calendars) {
        this.calendars = Objects.requireNonNull(calendars, "calendars");
    }

    /** A clock with no pauses and no extensions, for a person not in custody. */
    public Deadline compute(ClockRule rule, Instant start) {
        return compute(rule, start, false, List.of(), List.of());
    }

    /**
     * @param inCustody  the person concerned is in custody (only matters for rules with the custody exception)
     * @param pauses     closed pauses of this clock, in any order; overlapping ones are joined
     * @param extensions approved extensions, one entry per approval
     * @throws ExtensionRefused if an extension is unknown to the rule or applied more often than it allows
     */
    public Deadline compute(ClockRule rule, Instant start, boolean inCustody, List<Pause> pauses,
                            List<AppliedExtension> extensions) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(start, "start");
        ApprovedExtensions approved = ApprovedExtensions.check(rule, extensions);
        ZoneId zone = rule.jurisdiction().zone();
        List<String> steps = new ArrayList<>();
        Set<DeadlineFlag> flags = EnumSet.noneOf(DeadlineFlag.class);
        steps.add(rule.citation() + " " + rule.name().en() + ": starts " + LocalTimes.format(start.atZone(zone))
                + " " + zone + (rule.statutory() ? "" : "; the law sets no number, this is the gateway's target")
                + (rule.unverified() ? "; rule not yet verified" : ""));

        ClockPeriod period = approved.replacement().map(ExtensionRule::period).orElse(rule.duration());
        approved.replacement().ifPresent(ext ->
                steps.add(ApprovedExtensions.label(ext) + ": the period is " + period + " in all"));

        Outcome outcome = period.inHours()
                ? hours(rule, period, start, pauses, approved, steps, flags)
                : days(rule, period, start, inCustody, pauses, approved, steps, flags);

        ZonedDateTime dueLocal = outcome.due().atZone(zone);
        LocalDate dueDay = LocalTimes.dayEndedBy(dueLocal);
        steps.add("due " + LocalTimes.format(dueLocal) + " " + zone + " = " + outcome.due());
        if (approved.any()) {
            flags.add(DeadlineFlag.EXTENDED);
        }
        if (rule.unverified() || approved.anyUnverified()) {
            flags.add(DeadlineFlag.UNVERIFIED_RULE);
        }
        if (!rule.statutory()) {
            flags.add(DeadlineFlag.OPERATIONAL_TARGET);
        }
        List<Warning> warnings = WarningSchedule.schedule(rule.warnings(), start, outcome.due(), dueDay,
                period.inHours(), zone, pauses);
        return new Deadline(rule.jurisdiction().profile(), rule.id(), start, outcome.due(), dueLocal, dueDay,
                warnings, steps, flags, outcome.rolledForward());
    }

    private record Outcome(Instant due, boolean rolledForward) {
    }

    /** Elapsed hours from the next full hour; no day rules apply at all. */
    private static Outcome hours(ClockRule rule, ClockPeriod period, Instant start, List<Pause> pauses,
                                 ApprovedExtensions approved, List<String> steps, Set<DeadlineFlag> flags) {
        ZoneId zone = rule.jurisdiction().zone();
        ZonedDateTime hourStart = start.atZone(zone).truncatedTo(ChronoUnit.HOURS);
        ZonedDateTime countFrom = rule.startDayCounts() ? hourStart : hourStart.plusHours(1);
        Instant end = countFrom.toInstant().plus(Duration.ofHours(period.amount()));
        steps.add(period + " from " + LocalTimes.format(countFrom)
                + (rule.startDayCounts() ? " (the starting hour counts)" : " (the starting hour is not counted)")
                + " -> " + LocalTimes.format(end.atZone(zone)));
        for (ExtensionRule ext : approved.additions()) {
            end = end.plus(Duration.ofHours(ext.period().amount()));
            steps.add(ApprovedExtensions.label(ext) + ": + " + ext.period() + " -> " + LocalTimes.format(end.atZone(zone)));
        }
        Instant unpaused = end;
        Duration paused = PausedTime.shift(pauses, countFrom.toInstant(), unpaused::plus, zone, steps);
        end = end.plus(paused);
        if (!paused.isZero()) {
            steps.add("moved by " + PausedTime.words(paused) + " of pauses -> " + LocalTimes.format(end.atZone(zone)));
            flags.add(DeadlineFlag.PAUSED);
        }
        steps.add("an hour period never rolls forward over a day off (" + rule.jurisdiction().countingSource() + ")");
        return new Outcome(end, false);
    }

    private Outcome days(ClockRule rule, ClockPeriod period, Instant start, boolean inCustody, List<Pause> pauses,
                         ApprovedExtensions approved, List<String> steps, Set<DeadlineFlag> flags) {
        ZoneId zone = rule.jurisdiction().zone();
        CalendarView calendar = new CalendarView(calendars.calendar(rule.jurisdiction().calendar()));
        LocalDate startDay = start.atZone(zone).toLocalDate();

        DayCounter.Count count = DayCounter.count(startDay, period, rule.startDayCounts(), calendar);
        steps.add(count.step());
        LocalDate last = count.lastDay();
        for (ExtensionRule ext : approved.additions()) {
            count = DayCounter.count(last, ext.period(), false, calendar);
            steps.add(ApprovedExtensions.label(ext) + ": " + count.step());
            last = count.lastDay();
        }

        boolean custody = rule.custodyException() && inCustody;
        Instant countingStart = (rule.startDayCounts() ? startDay : startDay.plusDays(1)).atStartOfDay(zone).toInstant();
        Instant unpausedEnd = LocalTimes.endOfDay(last, zone).toInstant();
        Duration paused = PausedTime.shift(pauses, countingStart,
                shift -> trialDue(unpausedEnd.plus(shift), rule, custody, calendar), zone, steps);
        if (!paused.isZero()) {
            ZonedDateTime moved = unpausedEnd.plus(paused).atZone(zone);
            last = LocalTimes.dayEndedBy(moved);
            steps.add("moved by " + PausedTime.words(paused) + " of pauses -> " + LocalTimes.format(moved)
                    + ", so the period ends at 24:00 of " + last);
            flags.add(DeadlineFlag.PAUSED);
        }

        boolean rolled = false;
        String counting = rule.jurisdiction().countingSource();
        DayStatus status = calendar.status(last);
        if (!rule.rollForward()) {
            steps.add("this clock does not roll forward over days off");
        } else if (status.isDayOff() && custody) {
            steps.add(last + " is a day off (" + status.reason() + ") but the person is in custody: no roll-forward ("
                    + counting + ")");
            flags.add(DeadlineFlag.NO_ROLL_FORWARD_IN_CUSTODY);
        } else if (status.isDayOff()) {
            LocalDate next = nextWorkingDay(last, calendar);
            steps.add(last + " is a day off (" + status.reason() + ") -> rolled forward to " + next
                    + ", the next working day (" + counting + ")");
            last = next;
            rolled = true;
        } else if (status.isWorking()) {
            steps.add(last + " is a working day (" + status.reason() + "): no roll-forward");
        } else {
            steps.add(last + ": " + status.reason() + ", so it is not known to be a day off: not rolled forward");
        }
        if (!calendar.unknownYears().isEmpty()) {
            flags.add(DeadlineFlag.BEYOND_CALENDAR);
            steps.add("BEYOND_CALENDAR: no " + calendar.calendarId() + " calendar for " + calendar.unknownYears()
                    + "; its days were taken as working days and not rolled over, so this is the earliest possible"
                    + " deadline: compute again once the calendar file is added");
        }
        return new Outcome(LocalTimes.endOfDay(last, zone).toInstant(), rolled);
    }

    /** Where the clock would end with this much paused time, without recording anything. */
    private static Instant trialDue(Instant end, ClockRule rule, boolean custody, CalendarView calendar) {
        ZoneId zone = rule.jurisdiction().zone();
        LocalDate last = LocalTimes.dayEndedBy(end.atZone(zone));
        if (rule.rollForward() && !custody) {
            while (calendar.peek(last).isDayOff()) {
                last = last.plusDays(1);
            }
        }
        return LocalTimes.endOfDay(last, zone).toInstant();
    }

    /** The first day after {@code day} that is not a day off; an unknown day stops the search (earliest reading). */
    private static LocalDate nextWorkingDay(LocalDate day, CalendarView calendar) {
        LocalDate next = day.plusDays(1);
        while (calendar.status(next).isDayOff()) {
            next = next.plusDays(1);
        }
        return next;
    }
}
