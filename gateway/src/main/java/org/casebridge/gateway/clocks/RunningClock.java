package org.casebridge.gateway.clocks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A clock of a handoff as it stands.
 *
 * @param extensions  the approved extensions applied, in order
 * @param pausedSince when the pause in progress began, null while the clock runs
 * @param warnings    every warning level of the clock, with when it fires and whether it has
 */
public record RunningClock(String clockKey, String handoffId, String profile, String clockId, String responsible,
        Instant startedAt, Instant dueAt, LocalDate dueDay, List<String> flags, List<String> explanation,
        List<String> extensions, Instant pausedSince, Instant stoppedAt, String stoppedBy, List<ClockWarning> warnings) {

    /** Stopped no later than due; null while the clock runs. */
    public Boolean stoppedInTime() {
        return stoppedAt == null ? null : !stoppedAt.isAfter(dueAt);
    }

    /** firedAt is null until the warning fires, and then absent from the JSON (the contract's rule). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClockWarning(String level, Instant fireAt, Instant firedAt) {
    }
}
