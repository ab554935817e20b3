package org.casebridge.gateway.deadlines;

import java.util.List;

/**
 * A rule-set or calendar file cannot be used. Every problem is listed at once so an operator
 * fixes the file in one pass; the gateway refuses to start rather than count with a wrong rule.
 */
public final class InvalidDeadlineData extends RuntimeException {

    private final List<String> problems;

    InvalidDeadlineData(String source, List<String> problems) {
        super("Deadline data " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
