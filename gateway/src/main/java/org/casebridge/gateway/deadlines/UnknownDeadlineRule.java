package org.casebridge.gateway.deadlines;

/** A profile, clock or calendar was asked for that the loaded data does not have. */
public final class UnknownDeadlineRule extends RuntimeException {

    UnknownDeadlineRule(String message) {
        super(message);
    }
}
