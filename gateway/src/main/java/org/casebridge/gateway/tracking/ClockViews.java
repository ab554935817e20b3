package org.casebridge.gateway.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.clocks.Clocks;
import org.casebridge.gateway.clocks.RunningClock;
import org.casebridge.gateway.deadlines.ClockRule;
import org.casebridge.gateway.deadlines.LegalBasis;
import org.casebridge.gateway.deadlines.LocalizedName;
import org.casebridge.gateway.deadlines.RuleSets;
import org.springframework.stereotype.Service;

/** A handoff's clocks as the people who watch them need them: due, time left, how urgent. */
@Service
public class ClockViews {

    private final Clocks clocks;
    private final RuleSets rules;
    private final AccessPolicy access;
    private final Clock clock;

    ClockViews(Clocks clocks, RuleSets rules, AccessPolicy access, Clock clock) {
        this.clocks = clocks;
        this.rules = rules;
        this.access = access;
        this.clock = clock;
    }

    public List<ClockView> of(Caller caller, String handoffId) {
        access.requireHandoffRead(caller, handoffId);
        return read(handoffId);
    }

    /** For callers whose read of the handoff was decided (and audited) already. */
    List<ClockView> read(String handoffId) {
        Instant now = clock.instant();
        return clocks.of(handoffId).stream().map(running -> view(running, now)).toList();
    }

    private ClockView view(RunningClock running, Instant now) {
        ClockRule rule = rules.clock(running.profile(), running.clockId());
        String state = running.stoppedAt() != null ? "STOPPED" : running.pausedSince() != null ? "PAUSED"
                : now.isBefore(running.dueAt()) ? "RUNNING" : "OVERDUE";
        String level = running.warnings().stream().filter(w -> w.firedAt() != null)
                .max(Comparator.comparing(RunningClock.ClockWarning::fireAt))
                .map(RunningClock.ClockWarning::level).orElse(null);
        Long remaining = running.stoppedAt() != null ? null : Duration.between(now, running.dueAt()).toSeconds();
        return new ClockView(running.clockId(), rule.name(), rule.legalBasis(), running.responsible(), state,
                running.startedAt(), running.dueAt(), running.dueDay(), remaining, level, running.warnings(),
                running.flags(), running.explanation(), running.extensions(), running.pausedSince(), running.stoppedAt(),
                running.stoppedBy(), running.stoppedInTime());
    }

    /**
     * Optional fields are absent from the JSON, never null (the contract's rule).
     *
     * @param remainingSeconds until due, negative once overdue; null (absent) when the clock has stopped
     * @param warningLevel     the latest warning fired, null (absent) before the first
     * @param stoppedInTime    whether the act came by the due time; null (absent) while the clock runs
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClockView(String clock, LocalizedName name, LegalBasis legalBasis, String responsible, String state,
            Instant startedAt, Instant dueAt, LocalDate dueDay, Long remainingSeconds, String warningLevel,
            List<RunningClock.ClockWarning> warnings, List<String> flags, List<String> explanation,
            List<String> extensions, Instant pausedSince, Instant stoppedAt, String stoppedBy, Boolean stoppedInTime) {
    }
}
