package org.casebridge.gateway.deadlines;

/** A pair of lifecycle events between which a clock does not run (e.g. appraisal time, PA 165). */
public record PauseRule(String pause, String resume) {
}
