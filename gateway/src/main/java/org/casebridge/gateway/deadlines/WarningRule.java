package org.casebridge.gateway.deadlines;

/**
 * One warning level of a clock, e.g. {@code WARNING} at 80 % of the time.
 *
 * @param fraction between 0 and 1, used only with {@link WarningAnchor#FRACTION}
 */
public record WarningRule(String level, WarningAnchor anchor, double fraction) {
}
