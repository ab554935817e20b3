package org.casebridge.gateway.clocks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A clock of a handoff as it stands.
 *
 * @param warnings every warning level of the clock, with when it fires and whether it has
 */
public record RunningClock(String clockKey, String handoffId, String profile, String clockId, String responsible,
        Instant startedAt, Instant dueAt, LocalDate dueDay, List<String> flags, List<String> explanation,
        Instant stoppedAt, String stoppedBy, List<ClockWarning> warnings) {

    public record ClockWarning(String level, Instant fireAt, Instant firedAt) {
    }
}
