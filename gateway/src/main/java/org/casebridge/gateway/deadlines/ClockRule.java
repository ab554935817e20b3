package org.casebridge.gateway.deadlines;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One statutory clock of a profile, as read from its rule-set file.
 *
 * @param startsAt         the instant the clock counts from: the start event, or the decision it reports
 * @param restartEvents    events that start the clock afresh for its full period (prosecution review after a return)
 * @param startDayCounts   whether the day (for hour clocks: the hour) in which the clock starts is counted
 * @param rollForward      a last day that is a day off moves to the end of the next working day
 * @param custodyException no roll-forward while the person concerned is in custody (CPL 105)
 * @param maxRounds        how many times the clock may run for one case (returns for supplementary investigation)
 * @param statutory        false when the law says "at once" or "promptly" and the duration is the gateway's own target
 * @param unverified       the rule is not yet checked against the legal text
 */
public record ClockRule(
        Jurisdiction jurisdiction,
        String id,
        LocalizedName name,
        LegalBasis legalBasis,
        String startEvent,
        ClockStart startsAt,
        List<String> restartEvents,
        List<String> stopEvents,
        ClockPeriod duration,
        boolean startDayCounts,
        boolean rollForward,
        boolean custodyException,
        List<PauseRule> pausedBy,
        List<ExtensionRule> extensions,
        Responsible responsible,
        List<WarningRule> warnings,
        OptionalInt maxRounds,
        boolean statutory,
        boolean unverified,
        Optional<String> note) {

    public ClockRule {
        restartEvents = List.copyOf(restartEvents);
        stopEvents = List.copyOf(stopEvents);
        pausedBy = List.copyOf(pausedBy);
        extensions = List.copyOf(extensions);
        warnings = List.copyOf(warnings);
    }

    /** Whether this event starts the clock, for the first time or afresh. */
    public boolean startsOn(String event) {
        return startEvent.equals(event) || restartEvents.contains(event);
    }

    public boolean stopsOn(String event) {
        return stopEvents.contains(event);
    }

    public boolean pausesOn(String event) {
        return pausedBy.stream().anyMatch(p -> p.pause().equals(event));
    }

    public boolean resumesOn(String event) {
        return pausedBy.stream().anyMatch(p -> p.resume().equals(event));
    }

    public Optional<ExtensionRule> extension(String extensionId) {
        return extensions.stream().filter(e -> e.id().equals(extensionId)).findFirst();
    }

    /** e.g. {@code cn/police-decision (SC 8, PC 180)} */
    public String citation() {
        return jurisdiction.profile() + "/" + id + " (" + legalBasis.source() + ")";
    }
}
