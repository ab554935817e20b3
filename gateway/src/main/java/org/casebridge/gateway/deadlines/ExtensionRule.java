package org.casebridge.gateway.deadlines;

import java.util.Optional;

/**
 * An extension a clock allows once someone approves it.
 *
 * @param approvedBy who approves, e.g. {@code CHIEF_PROSECUTOR}; empty when the law grants it on a condition alone
 * @param condition  when it applies, in words
 * @param unverified the rule is not yet checked against the legal text
 */
public record ExtensionRule(
        String id,
        ClockPeriod period,
        ExtensionMode mode,
        Optional<String> approvedBy,
        int maxTimes,
        Optional<String> condition,
        boolean unverified) {
}
