package org.casebridge.gateway.deadlines;

import java.time.Instant;

/** A warning level and the moment it is reached, e.g. {@code WARNING} at 80 % of the time. */
public record Warning(String level, Instant at) {
}
