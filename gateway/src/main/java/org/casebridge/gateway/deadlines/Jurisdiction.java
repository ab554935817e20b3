package org.casebridge.gateway.deadlines;

import java.time.ZoneId;

/**
 * The profile a clock belongs to: where its days begin and end, and which holiday calendar
 * decides what a working day is.
 *
 * @param countingSource citation for the counting rules (roll-forward, custody exception), e.g. {@code CPL 105}
 */
public record Jurisdiction(String profile, String version, ZoneId zone, String calendar, String countingSource) {
}
