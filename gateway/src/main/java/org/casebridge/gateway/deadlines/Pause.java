package org.casebridge.gateway.deadlines;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of time during which a clock did not run, e.g. between APPRAISAL_STARTED and
 * APPRAISAL_DONE. For a pause still running, pass the current time as {@code resumedAt} and
 * compute again when it ends.
 */
public record Pause(Instant pausedAt, Instant resumedAt) {

    public Pause {
        Objects.requireNonNull(pausedAt, "pausedAt");
        Objects.requireNonNull(resumedAt, "resumedAt");
        if (resumedAt.isBefore(pausedAt)) {
            throw new IllegalArgumentException("a pause cannot end (" + resumedAt + ") before it starts (" + pausedAt + ")");
        }
    }

    public Duration length() {
        return Duration.between(pausedAt, resumedAt);
    }
}
